//! Writes the sample workbooks of `samples/*/du-lieu/` from `tools/samples_gen.rs`:
//! `cargo run --example gen-samples`. Deterministic: the same bytes every run.

#[path = "../tools/samples_gen.rs"]
mod samples_gen;

use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};
use samples_gen::{BookLayout, SheetLayout, Stacked, V};

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
        write_sheet(
            &mut wb,
            sheet,
            samples_gen::stacked(&book.path, &sheet.name),
        )?;
    }
    wb.save(&path)?;
    Ok(())
}

/// The formats of a sample sheet.
struct Formats {
    title: Format,
    plain: Format,
    head: Format,
    cell: Format,
    date: Format,
    italic: Format,
    bold_center: Format,
}

fn formats() -> Formats {
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
    Formats {
        title,
        plain,
        head,
        cell,
        date,
        italic,
        bold_center,
    }
}

/// Title lines merged across the table, then a blank line; the next row.
fn write_title(
    ws: &mut Worksheet,
    mut row: u32,
    lines: &[String],
    last_col: u16,
    f: &Formats,
) -> Result<u32, Box<dyn std::error::Error>> {
    for line in lines {
        if !line.is_empty() {
            ws.merge_range(row, 0, row, last_col, line, &f.title)?;
        }
        row += 1;
    }
    Ok(row + 1)
}

/// The header (one row, or two with merged parents over their children); the next row.
fn write_header(
    ws: &mut Worksheet,
    row: u32,
    s: &SheetLayout,
    f: &Formats,
) -> Result<u32, Box<dyn std::error::Error>> {
    let head = &f.head;
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
                    ws.merge_range(row, c as u16, row, end as u16, p, head)?;
                } else {
                    ws.write_with_format(row, c as u16, p, head)?;
                }
                for k in c..=end {
                    ws.write_with_format(row + 1, k as u16, s.columns[k].header, head)?;
                }
                c = end + 1;
            }
            _ => {
                if two {
                    ws.merge_range(row, c as u16, row + 1, c as u16, column.header, head)?;
                } else {
                    ws.write_with_format(row, c as u16, column.header, head)?;
                }
                c += 1;
            }
        }
    }
    Ok(row + if two { 2 } else { 1 })
}

fn write_value(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    v: &V,
    f: &Formats,
) -> Result<(), Box<dyn std::error::Error>> {
    match v {
        V::Empty => ws.write_blank(row, c, &f.cell)?,
        V::Text(t) => ws.write_with_format(row, c, t.as_str(), &f.cell)?,
        V::Num(x) => ws.write_with_format(row, c, *x, &f.cell)?,
        V::Int(i) => ws.write_with_format(row, c, *i as f64, &f.cell)?,
        V::Date(d) => {
            let dt = ExcelDateTime::from_ymd(d.y as u16, d.m as u8, d.d as u8)?;
            ws.write_datetime_with_format(row, c, &dt, &f.date)?
        }
    };
    Ok(())
}

/// The table kept in blocks (see [`Stacked`]): for each class its title lines, header,
/// cohort label, rows numbered from 1 with the class columns merged down, a "Cộng lớp"
/// row with `COUNTA` over the key column, a note; the next row.
fn write_blocks(
    ws: &mut Worksheet,
    mut row: u32,
    s: &SheetLayout,
    k: &Stacked,
    f: &Formats,
) -> Result<u32, Box<dyn std::error::Error>> {
    let last_col = (s.columns.len() - 1) as u16;
    let text = |v: &V| match v {
        V::Text(t) => t.clone(),
        _ => String::new(),
    };
    for block in s.rows.chunk_by(|a, b| a[k.by] == b[k.by]) {
        let class = text(&block[0][k.by]);
        let mut title = s.title.clone();
        title.push(format!("LỚP {class}"));
        row = write_title(ws, row, &title, last_col, f)?;
        row = write_header(ws, row, s, f)?;
        let label = format!("Khóa {}", text(&block[0][k.label]));
        ws.write_with_format(row, 1, label.as_str(), &f.plain.clone().set_bold())?;
        row += 1;
        let first = row;
        for (i, values) in block.iter().enumerate() {
            for (c, v) in values.iter().enumerate() {
                let v = if c == 0 {
                    V::Int(i as i64 + 1)
                } else {
                    v.clone()
                };
                if !k.merged.contains(&c) || block.len() == 1 {
                    write_value(ws, row, c as u16, &v, f)?;
                }
            }
            row += 1;
        }
        if block.len() > 1 {
            for &c in &k.merged {
                let c16 = c as u16;
                ws.merge_range(first, c16, row - 1, c16, &text(&block[0][c]), &f.cell)?;
            }
        }
        let count = Formula::new(format!("=COUNTA(B{}:B{})", first + 1, row))
            .set_result(block.len().to_string());
        ws.merge_range(row, 0, row, 1, &format!("Cộng lớp {class}"), &f.head)?;
        ws.write_formula_with_format(row, 2, count, &f.head)?;
        row += 1;
        ws.write_with_format(
            row,
            1,
            format!("Vi phạm nội quy trong năm: {} lượt", block.len() % 4).as_str(),
            &f.plain.clone().set_italic(),
        )?;
        row += 3;
    }
    Ok(row)
}

fn write_sheet(
    wb: &mut Workbook,
    s: &SheetLayout,
    stacked: Option<Stacked>,
) -> Result<(), Box<dyn std::error::Error>> {
    let ws = wb.add_worksheet();
    ws.set_name(&s.name)?;
    let f = formats();
    let (plain, head, italic, bold_center) = (&f.plain, &f.head, &f.italic, &f.bold_center);
    let last_col = (s.columns.len() - 1) as u16;
    for (c, column) in s.columns.iter().enumerate() {
        ws.set_column_width(c as u16, column.width)?;
    }
    // Printed the way offices print them: landscape, one page wide.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let mut row = match &stacked {
        Some(k) => write_blocks(ws, 0, s, k, &f)?,
        None => {
            let top = write_title(ws, 0, &s.title, last_col, &f)?;
            let mut row = write_header(ws, top, s, &f)?;
            // The header on every printed page.
            ws.set_repeat_rows(top, row - 1)?;
            for values in &s.rows {
                for (c, v) in values.iter().enumerate() {
                    write_value(ws, row, c as u16, v, &f)?;
                }
                row += 1;
            }
            row
        }
    };
    if let Some(total) = &s.totals {
        ws.merge_range(row, 0, row, 3.min(last_col), total, head)?;
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
        ws.merge_range(row, right, row, last_col, &sig.place_date, italic)?;
        row += 1;
        let left_end = 3.min(right - 1);
        if left_end > 0 {
            ws.merge_range(row, 0, row, left_end, &sig.left, bold_center)?;
        } else {
            ws.write_with_format(row, 0, sig.left.as_str(), bold_center)?;
        }
        ws.merge_range(row, right, row, last_col, &sig.right, bold_center)?;
        row += 4;
        if !sig.right_name.is_empty() {
            ws.merge_range(row, right, row, last_col, &sig.right_name, bold_center)?;
        }
    }
    Ok(())
}
