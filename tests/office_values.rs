//! Values and headers typed the way school offices type them (issue 12): each workbook is
//! built as an office keeps it, and the test asserts the exact records, figures and issues.

mod common;
use common::*;

#[path = "common/books.rs"]
mod books;
use books::*;

use serde_json::Value as Json;

/// A school document with one objective holding `indicator` (TOML lines).
fn school_ws(indicator: &str) -> Ws {
    let ws = Ws::new(false);
    let text = format!(
        "[document]\nschool = \"Trường T\"\nunit = \"Trường T\"\nscope = \"school\"\nschool_year = \"2021 - 2022\"\n\n[[objective]]\nid = \"1\"\ntext = \"Mục tiêu\"\n\n  [[objective.indicator]]\n  id = \"1a\"\n{indicator}\n"
    );
    std::fs::write(ws.root().join("muc-tieu/doc.toml"), text).unwrap();
    ws
}

/// `mtcl run` on the workspace: exit code, ket-qua.json, stdout.
fn run(ws: &Ws) -> (Option<i32>, Json, String) {
    let o = mtcl(&["run", ws.root().to_str().unwrap()]);
    let json: Json = serde_json::from_slice(
        &std::fs::read(ws.root().join("bao-cao/ket-qua.json")).expect("ket-qua.json written"),
    )
    .unwrap();
    (o.status.code(), json, stdout(&o))
}

fn indicator(json: &Json) -> &Json {
    &json["documents"][0]["objectives"][0]["indicators"][0]
}

#[test]
fn enrolment_target_typed_1_000_is_a_thousand_and_850_of_it_is_85_percent_not_achieved() {
    let ws = school_ws(
        "  source = \"tuyen_sinh\"\n  sum = \"thuc_tuyen\"\n  of_sum = \"chi_tieu\"\n  target = \">= 90%\"",
    );
    ws.save(
        "tuyen-sinh.xlsx",
        book(
            "Tuyển sinh",
            &[
                row!["BÁO CÁO KẾT QUẢ TUYỂN SINH NĂM 2021"],
                row![],
                row!["STT", "Ngành", "Trình độ", "Khoa", "Chỉ tiêu", "Thực tuyển"],
                row![1, "Hàn", "Trung cấp", "Cơ khí", "1.000", "850"],
            ],
        ),
    );
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(i["numerator"], serde_json::json!(850));
    assert_eq!(i["denominator"], serde_json::json!(1000));
    assert_eq!(i["value"], serde_json::json!(85.0));
    assert_eq!(i["achieved"], serde_json::json!(false));
    assert!(out.contains("85%"), "{out}");
    assert!(out.contains("Không đạt"), "{out}");
    assert_eq!(json["issues"], serde_json::json!([]));
}

/// A workspace whose check prints a few hundred lines (one type-error per row).
fn chatty_ws() -> Ws {
    let ws = Ws::new(false);
    let mut rows = vec![hs_header()];
    for k in 0..400 {
        let ma = format!("HS{k:04}");
        rows.push(row![k + 1, ma.as_str(), "An", "", "K1", "abc", "Khá"]);
    }
    ws.save("ds.xlsx", book("DS", &rows));
    ws
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_after_the_issue_workbook_is_written() {
    let ws = chatty_ws();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // the reader is gone before mtcl prints its first line
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_mtcl"))
        .args(["check", ws.root().to_str().unwrap()])
        .env("LANG", "vi_VN.UTF-8")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.code(), Some(0));
    assert!(ws.root().join("bao-cao/loi-du-lieu.xlsx").is_file());
}

#[test]
fn check_piped_into_head_prints_one_line_and_no_panic() {
    let ws = chatty_ws();
    let bin = env!("CARGO_BIN_EXE_mtcl");
    let dir = ws.root().to_str().unwrap();
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{bin}' check '{dir}' | head -n1"))
        .env("LANG", "vi_VN.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(stdout(&o), "Định nghĩa mục tiêu: 1 văn bản\n");
}
