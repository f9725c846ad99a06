//! Writes the sample workbooks of `samples/*/du-lieu/` from `tools/samples_gen.rs`:
//! `cargo run --example gen-samples`. Deterministic: the same bytes every run.

#[path = "../tools/samples_gen.rs"]
mod samples_gen;

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use samples_gen::{BookLayout, SheetLayout, V};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for sample in samples_gen::samples() {
        let ws = root.join(sample.folder);
        let data = ws.join("du-lieu");
        if data.exists() {
            std::fs::remove_dir_all(&data)?;
        }
        for book in &sample.books {
            write_book(&ws, book)?;
            println!("{}/{}", sample.folder, book.path);
        }
    }
    Ok(())
}

fn write_book(ws: &Path, book: &BookLayout) -> Result<(), Box<dyn std::error::Error>> {
    let path = ws.join(&book.path);
    std::fs::create_dir_all(path.parent().unwrap())?;
    let mut wb = Workbook::new();
    // A fixed creation time keeps the files byte-identical from run to run.
    let props = DocProperties::new()
        .set_author("mtcl samples")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2022, 6, 30)?);
    wb.set_properties(&props);
    for sheet in &book.sheets {
        write_sheet(&mut wb, sheet)?;
    }
    wb.save(&path)?;
    Ok(())
}

fn write_sheet(wb: &mut Workbook, s: &SheetLayout) -> Result<(), Box<dyn std::error::Error>> {
    let ws = wb.add_worksheet();
    ws.set_name(&s.name)?;
    let font = "Times New Roman";
    let title = Format::new()
        .set_font_name(font)
        .set_bold()
        .set_align(FormatAlign::Center);
    let plain = Format::new().set_font_name(font);
    let head = Format::new()
        .set_font_name(font)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_font_name(font)
        .set_border(FormatBorder::Thin);
    let date = cell.clone().set_num_format("dd/mm/yyyy");
    let italic = plain.clone().set_italic().set_align(FormatAlign::Center);
    let bold_center = plain.clone().set_bold().set_align(FormatAlign::Center);
    let last_col = (s.columns.len() - 1) as u16;

    for (c, column) in s.columns.iter().enumerate() {
        ws.set_column_width(c as u16, column.width)?;
    }
    let mut row: u32 = 0;
    for line in &s.title {
        if !line.is_empty() {
            ws.merge_range(row, 0, row, last_col, line, &title)?;
        }
        row += 1;
    }
    row += 1; // a blank line between the title and the table

    // Header: one row, or two with merged parents over their children.
    let two = s.columns.iter().any(|c| c.parent.is_some());
    let mut c = 0;
    while c < s.columns.len() {
        let column = &s.columns[c];
        match column.parent {
            Some(p) if two => {
                let mut end = c;
                while end + 1 < s.columns.len() && s.columns[end + 1].parent == Some(p) {
                    end += 1;
                }
                if end > c {
                    ws.merge_range(row, c as u16, row, end as u16, p, &head)?;
                } else {
                    ws.write_with_format(row, c as u16, p, &head)?;
                }
                for k in c..=end {
                    ws.write_with_format(row + 1, k as u16, s.columns[k].header, &head)?;
                }
                c = end + 1;
            }
            _ => {
                if two {
                    ws.merge_range(row, c as u16, row + 1, c as u16, column.header, &head)?;
                } else {
                    ws.write_with_format(row, c as u16, column.header, &head)?;
                }
                c += 1;
            }
        }
    }
    // Printed the way offices print them: landscape, one page wide, header on every page.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(row, row + u32::from(two))?;
    row += if two { 2 } else { 1 };

    for values in &s.rows {
        for (c, v) in values.iter().enumerate() {
            let c = c as u16;
            match v {
                V::Empty => ws.write_blank(row, c, &cell)?,
                V::Text(t) => ws.write_with_format(row, c, t.as_str(), &cell)?,
                V::Num(x) => ws.write_with_format(row, c, *x, &cell)?,
                V::Int(i) => ws.write_with_format(row, c, *i as f64, &cell)?,
                V::Date(d) => {
                    let dt = ExcelDateTime::from_ymd(d.y as u16, d.m as u8, d.d as u8)?;
                    ws.write_datetime_with_format(row, c, &dt, &date)?
                }
            };
        }
        row += 1;
    }
    if let Some(total) = &s.totals {
        ws.merge_range(row, 0, row, 3.min(last_col), total, &head)?;
        row += 1;
    }
    if let Some(note) = &s.note {
        row += 1;
        ws.write_with_format(row, 0, note.as_str(), &plain.clone().set_italic())?;
        row += 1;
    }
    if let Some(sig) = &s.signature {
        row += 1;
        let right = last_col.saturating_sub(3).max(2);
        ws.merge_range(row, right, row, last_col, &sig.place_date, &italic)?;
        row += 1;
        let left_end = 3.min(right - 1);
        if left_end > 0 {
            ws.merge_range(row, 0, row, left_end, &sig.left, &bold_center)?;
        } else {
            ws.write_with_format(row, 0, sig.left.as_str(), &bold_center)?;
        }
        ws.merge_range(row, right, row, last_col, &sig.right, &bold_center)?;
        row += 4;
        if !sig.right_name.is_empty() {
            ws.merge_range(row, right, row, last_col, &sig.right_name, &bold_center)?;
        }
    }
    Ok(())
}
