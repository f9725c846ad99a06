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
