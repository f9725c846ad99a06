//! What differs between Linux and Windows, kept in one place so the rest of mtcl does not
//! need to know: the console (UTF-8 output, colours), how "another program has this file
//! open" shows up as an error, and the one byte by which a zip written on Windows differs
//! from the same zip written on Linux.
//!
//! Architecture invariant: every zip mtcl writes (XLSX, DOCX) goes through
//! [`same_zip_host`] before it is written, so reports are byte-identical on every platform.

use std::io;

/// The host ("version made by", upper byte) every zip mtcl writes declares: 3 = Unix, what
/// the zip crate writes on Linux. On Windows it writes 0 (MS-DOS) and also sets the MS-DOS
/// directory bit (0x10, the low byte of the external attributes) on directory entries; those
/// bytes of the central directory were the only difference between the two builds' reports.
pub const ZIP_HOST: u8 = 3;

/// `zip` with every central-directory entry as the zip crate writes it on Linux: host
/// [`ZIP_HOST`], and no MS-DOS attributes (the low 16 bits of the external attributes; a
/// Unix host's attributes are the mode in the high 16 bits, which both platforms write
/// alike). The central directory is covered by no checksum, so nothing else changes.
/// Bytes that are not a well-formed zip are returned as they are.
pub fn same_zip_host(mut zip: Vec<u8>) -> Vec<u8> {
    set_zip_host(&mut zip, ZIP_HOST);
    zip
}

const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIR: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_END: u32 = 0x0606_4b50;

fn u16_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?) as u64)
}

fn u32_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?) as u64)
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

/// Where the central directory starts and how many entries it holds (zip64 included).
fn central_directory(zip: &[u8]) -> Option<(usize, u64)> {
    // The end record is 22 bytes plus a comment of at most 65,535.
    let last = zip.len().checked_sub(22)?;
    let eocd = (last.saturating_sub(65_535)..=last)
        .rev()
        .find(|&i| u32_at(zip, i) == Some(END_OF_CENTRAL_DIR as u64))?;
    let (mut entries, mut offset) = (u16_at(zip, eocd + 10)?, u32_at(zip, eocd + 16)?);
    if entries == 0xFFFF || offset == 0xFFFF_FFFF {
        let locator = eocd.checked_sub(20)?;
        if u32_at(zip, locator)? != ZIP64_LOCATOR as u64 {
            return None;
        }
        let end64 = usize::try_from(u64_at(zip, locator + 8)?).ok()?;
        if u32_at(zip, end64)? != ZIP64_END as u64 {
            return None;
        }
        entries = u64_at(zip, end64 + 32)?;
        offset = u64_at(zip, end64 + 48)?;
    }
    Some((usize::try_from(offset).ok()?, entries))
}

/// Sets the host byte of every central-directory entry; `false` (and `zip` unchanged) when
/// the bytes are not a zip this can walk to the end.
fn set_zip_host(zip: &mut [u8], host: u8) -> bool {
    let Some((start, entries)) = central_directory(zip) else {
        return false;
    };
    let mut headers = Vec::new();
    let mut p = start;
    for _ in 0..entries {
        if u32_at(zip, p) != Some(CENTRAL_HEADER as u64) {
            return false;
        }
        let (Some(name), Some(extra), Some(comment)) = (
            u16_at(zip, p + 28),
            u16_at(zip, p + 30),
            u16_at(zip, p + 32),
        ) else {
            return false;
        };
        headers.push(p);
        p += 46 + (name + extra + comment) as usize;
    }
    for h in headers {
        zip[h + 5] = host;
        zip[h + 38] = 0;
        zip[h + 39] = 0;
    }
    true
}

/// The host byte and MS-DOS attributes of each central-directory entry, in order.
#[cfg(test)]
fn zip_hosts(zip: &[u8]) -> Option<Vec<(u8, u16)>> {
    let (start, entries) = central_directory(zip)?;
    let mut hosts = Vec::new();
    let mut p = start;
    for _ in 0..entries {
        if u32_at(zip, p)? != CENTRAL_HEADER as u64 {
            return None;
        }
        hosts.push((*zip.get(p + 5)?, u16_at(zip, p + 38)? as u16));
        p += 46 + (u16_at(zip, p + 28)? + u16_at(zip, p + 30)? + u16_at(zip, p + 32)?) as usize;
    }
    Some(hosts)
}

/// Whether opening a file failed because another program holds it open without sharing it
/// (Excel does, on Windows): ERROR_SHARING_VIOLATION (32) or ERROR_LOCK_VIOLATION (33).
/// Linux has no such refusal.
pub fn is_file_in_use(e: &io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// Prepares the console at start: on Windows, UTF-8 output (so Vietnamese letters print
/// through cmd.exe's default OEM code page) and ANSI colours, or no colours (`NO_COLOR`)
/// where the console cannot show them. Nothing to do elsewhere.
pub fn init_console() {
    #[cfg(windows)]
    windows::init_console();
}

#[cfg(windows)]
mod windows {
    use std::ffi::c_void;

    const CP_UTF8: u32 = 65001;
    const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;
    const STD_ERROR_HANDLE: u32 = -12i32 as u32;
    const ENABLE_VIRTUAL_TERMINAL_PROCESSING: u32 = 0x0004;

    #[link(name = "kernel32")]
    extern "system" {
        fn SetConsoleOutputCP(code_page: u32) -> i32;
        fn GetStdHandle(which: u32) -> *mut c_void;
        fn GetConsoleMode(console: *mut c_void, mode: *mut u32) -> i32;
        fn SetConsoleMode(console: *mut c_void, mode: u32) -> i32;
    }

    pub fn init_console() {
        // SAFETY: plain Win32 calls on the process's own standard handles; a handle that is
        // not a console (a pipe, a file) makes GetConsoleMode fail and is left alone.
        unsafe {
            SetConsoleOutputCP(CP_UTF8);
            let mut colours = true;
            for which in [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE] {
                let h = GetStdHandle(which);
                let mut mode = 0u32;
                if !h.is_null() && GetConsoleMode(h, &mut mode) != 0 {
                    colours &= SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
                }
            }
            // Consoles before Windows 10 print escape codes as text: no colours there.
            if !colours {
                std::env::set_var("NO_COLOR", "1");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docx() -> Vec<u8> {
        let doc = docx_rs::Docx::new()
            .add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("Ă")));
        let props = crate::report::docx::patch::Properties {
            title: "t",
            subject: "s",
            creator: "c",
        };
        crate::report::docx::patch::pack(doc, &props)
    }

    fn xlsx() -> Vec<u8> {
        let mut wb = crate::report::xlsx::new_workbook("t");
        wb.add_worksheet().write(0, 0, "Khoa Cơ khí").unwrap();
        crate::report::xlsx::save(&mut wb).unwrap()
    }

    /// Every central-directory header found by its signature, whatever the end record says.
    fn headers_by_signature(zip: &[u8]) -> Vec<usize> {
        zip.windows(4)
            .enumerate()
            .filter(|(_, w)| *w == b"PK\x01\x02")
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn docx_and_xlsx_declare_the_unix_host_on_every_platform() {
        for (what, zip) in [("docx", docx()), ("xlsx", xlsx())] {
            let hosts = zip_hosts(&zip).unwrap();
            assert!(hosts.len() >= 5, "{what}: {hosts:?}");
            assert!(hosts.iter().all(|&h| h == (3, 0)), "{what}: {hosts:?}");
            // The same, read from the raw bytes without the end record's help.
            let raw: Vec<(u8, u16)> = headers_by_signature(&zip)
                .iter()
                .map(|&i| (zip[i + 5], u16::from_le_bytes([zip[i + 38], zip[i + 39]])))
                .collect();
            assert_eq!(raw, hosts, "{what}");
        }
    }

    #[test]
    fn a_zip_made_on_windows_becomes_the_one_made_on_linux() {
        let linux = docx();
        let mut windows = linux.clone();
        for i in headers_by_signature(&windows) {
            windows[i + 5] = 0; // MS-DOS, what the zip crate declares on Windows
            let name_len = u16::from_le_bytes([windows[i + 28], windows[i + 29]]) as usize;
            // and the MS-DOS attribute bits: directory on folders, archive on files
            windows[i + 38] = if windows[i + 46 + name_len - 1] == b'/' {
                0x10
            } else {
                0x20
            };
        }
        assert_ne!(windows, linux);
        assert_eq!(same_zip_host(windows), linux);
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_left_alone() {
        let json = b"{\"documents\": []}".to_vec();
        assert_eq!(same_zip_host(json.clone()), json);
        let mut cut = docx();
        cut.truncate(cut.len() - 30);
        assert_eq!(same_zip_host(cut.clone()), cut);
        assert_eq!(zip_hosts(&cut), None);
    }

    #[test]
    fn a_zip64_central_directory_is_found() {
        let mut zip = docx();
        let (start, entries) = central_directory(&zip).unwrap();
        let eocd = zip.len() - 22;
        // Rewrite the end record the zip64 way: a zip64 end record and its locator.
        let mut end64 = Vec::new();
        end64.extend_from_slice(&ZIP64_END.to_le_bytes());
        end64.extend_from_slice(&44u64.to_le_bytes());
        end64.extend_from_slice(&[45, 3, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        end64.extend_from_slice(&entries.to_le_bytes());
        end64.extend_from_slice(&entries.to_le_bytes());
        end64.extend_from_slice(&((eocd - start) as u64).to_le_bytes());
        end64.extend_from_slice(&(start as u64).to_le_bytes());
        let mut locator = Vec::new();
        locator.extend_from_slice(&ZIP64_LOCATOR.to_le_bytes());
        locator.extend_from_slice(&0u32.to_le_bytes());
        locator.extend_from_slice(&(eocd as u64).to_le_bytes());
        locator.extend_from_slice(&1u32.to_le_bytes());
        let mut end = zip.split_off(eocd);
        end[10..12].copy_from_slice(&[0xFF, 0xFF]);
        end[16..20].copy_from_slice(&[0xFF; 4]);
        zip.extend(end64);
        zip.extend(locator);
        zip.extend(end);
        for i in headers_by_signature(&zip) {
            zip[i + 5] = 0;
        }
        let fixed = same_zip_host(zip);
        assert_eq!(zip_hosts(&fixed).unwrap(), vec![(3, 0); entries as usize]);
    }

    #[test]
    fn a_held_workbook_is_file_in_use_not_unreadable() {
        use crate::ingest::workbook::Unreadable;
        use crate::validate::{unreadable_file, At};
        let at = At::file("du-lieu/Khoa Cơ khí/học sinh.xlsx");
        let vi = unreadable_file(crate::i18n::Lang::Vi, at, &Unreadable::InUse);
        assert_eq!(vi.code, "file-in-use");
        assert_eq!(vi.severity, crate::dataset::Severity::Error);
        assert_eq!(vi.file, "du-lieu/Khoa Cơ khí/học sinh.xlsx");
        assert_eq!(
            vi.message,
            "Tệp 'du-lieu/Khoa Cơ khí/học sinh.xlsx' đang được mở trong chương trình khác — \
             đóng tệp rồi chạy lại. Lần này tệp được bỏ qua."
        );
        let en = unreadable_file(crate::i18n::Lang::En, at, &Unreadable::InUse);
        assert!(en
            .message
            .contains("is open in another program — close it and run again"));
    }

    #[test]
    fn file_in_use_is_a_windows_sharing_violation_only() {
        let sharing = io::Error::from_raw_os_error(32);
        assert_eq!(is_file_in_use(&sharing), cfg!(windows));
        assert!(!is_file_in_use(&io::Error::from(io::ErrorKind::NotFound)));
        assert!(!is_file_in_use(&io::Error::from_raw_os_error(5)));
    }
}
