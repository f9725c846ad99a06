//! The command line: subcommands and global options (SPEC "Workspace"). Help is written in
//! Vietnamese here and translated by [`english`] when the language is English.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::i18n::Lang;
use crate::period::Period;

/// mtcl — mục tiêu chất lượng: kiểm tra dữ liệu, tính chỉ số và lập báo cáo
/// theo mẫu quyết định cho trường trung cấp, cao đẳng.
#[derive(Debug, Parser)]
#[command(name = "mtcl", version, about = "mtcl — mục tiêu chất lượng: kiểm tra dữ liệu, tính chỉ số và lập báo cáo theo mẫu quyết định cho trường trung cấp, cao đẳng.", long_about = None, disable_help_flag = true, disable_version_flag = true, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Ngôn ngữ thông báo
    #[arg(long, global = true, value_enum, value_name = "vi|en", default_value_t = Lang::Vi, hide_default_value = true, hide_possible_values = true)]
    pub lang: Lang,
    /// Số luồng xử lý song song (mặc định: số lõi CPU)
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub jobs: Option<usize>,
    /// Chỉ in lỗi, không in tóm tắt
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Có lỗi dữ liệu thì không ghi báo cáo và thoát với mã 1
    #[arg(long, global = true)]
    pub strict: bool,
    /// Thư mục định nghĩa mục tiêu (mặc định: THƯ-MỤC/muc-tieu)
    #[arg(long, global = true, value_name = "THƯ-MỤC")]
    pub objectives: Option<PathBuf>,
    /// Thư mục dữ liệu đầu vào (mặc định: THƯ-MỤC/du-lieu)
    #[arg(long, global = true, value_name = "THƯ-MỤC")]
    pub data: Option<PathBuf>,
    /// Thư mục báo cáo (mặc định: THƯ-MỤC/bao-cao)
    #[arg(long, global = true, value_name = "THƯ-MỤC")]
    pub out: Option<PathBuf>,
    /// In hướng dẫn
    #[arg(short = 'h', long, global = true, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// In phiên bản
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Tạo thư mục làm việc cho một năm học (không ghi đè tệp đã có)
    Init {
        /// Thư mục làm việc (tạo mới nếu chưa có)
        #[arg(value_name = "THƯ-MỤC")]
        dir: PathBuf,
        /// Ghi lại các mẫu nhập liệu trong mau-nhap-lieu/
        #[arg(long)]
        templates: bool,
    },
    /// Lập phụ lục mục tiêu chất lượng và quyết định ban hành (không cần dữ liệu)
    Plan {
        /// Thư mục làm việc (mặc định: thư mục hiện tại)
        #[arg(default_value = ".", hide_default_value = true, value_name = "THƯ-MỤC")]
        dir: PathBuf,
    },
    /// Đọc và kiểm tra dữ liệu, ghi bao-cao/loi-du-lieu.xlsx
    Check {
        /// Thư mục làm việc (mặc định: thư mục hiện tại)
        #[arg(default_value = ".", hide_default_value = true, value_name = "THƯ-MỤC")]
        dir: PathBuf,
        #[command(flatten)]
        ky: PeriodArg,
    },
    /// Đọc, kiểm tra, tính chỉ số và ghi mọi báo cáo
    Run {
        /// Thư mục làm việc (mặc định: thư mục hiện tại)
        #[arg(default_value = ".", hide_default_value = true, value_name = "THƯ-MỤC")]
        dir: PathBuf,
        #[command(flatten)]
        ky: PeriodArg,
        #[command(flatten)]
        so_sanh: CompareArg,
    },
    /// Theo dõi du-lieu/ và muc-tieu/, chạy lại khi có thay đổi
    Watch {
        /// Thư mục làm việc (mặc định: thư mục hiện tại)
        #[arg(default_value = ".", hide_default_value = true, value_name = "THƯ-MỤC")]
        dir: PathBuf,
        /// Số giây tệp phải đứng yên trước khi được đọc (mặc định: 2)
        #[arg(
            long,
            default_value_t = 2.0,
            value_name = "GIÂY",
            hide_default_value = true
        )]
        settle: f64,
        #[command(flatten)]
        ky: PeriodArg,
        #[command(flatten)]
        so_sanh: CompareArg,
    },
    /// Các nguồn dữ liệu: mã trường, tiêu đề cột, kiểu, giá trị cho phép (để viết bộ lọc)
    Nguon {
        /// Mã nguồn (ví dụ hoc_sinh); bỏ trống: liệt kê mọi nguồn
        #[arg(value_name = "NGUỒN")]
        source: Option<String>,
        /// Thư mục làm việc, để áp dụng nguon-du-lieu.toml của nó (mặc định: thư mục hiện tại)
        #[arg(value_name = "THƯ-MỤC")]
        dir: Option<PathBuf>,
        /// In dạng tài liệu Markdown
        #[arg(long)]
        markdown: bool,
    },
}

/// `--ky`: the reporting period (SPEC "Periods").
#[derive(Debug, Args, Clone, Copy)]
pub struct PeriodArg {
    /// Kỳ báo cáo: hk1, hk2 hoặc ca-nam (cũng nhận 1, 2, I, II, cn; mặc định: ca-nam)
    #[arg(long = "ky", visible_alias = "period", value_name = "KỲ", value_parser = parse_period, default_value = "ca-nam", hide_default_value = true)]
    pub ky: Period,
}

/// `--so-sanh`: the earlier report to compare with (SPEC "Comparison with an earlier report").
#[derive(Debug, Args, Clone)]
pub struct CompareArg {
    /// So sánh với báo cáo trước: thư mục làm việc năm trước hoặc tệp ket-qua.json của nó
    #[arg(long = "so-sanh", visible_alias = "compare", value_name = "ĐƯỜNG-DẪN")]
    pub so_sanh: Option<PathBuf>,
}

fn parse_period(s: &str) -> Result<Period, String> {
    crate::period::from_arg(s).ok_or_else(|| format!("'{s}': hk1, hk2, ca-nam (1, 2, I, II, cn)"))
}

/// The clap command in the chosen language.
pub fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    match lang {
        Lang::Vi => cmd
            .help_template(VI_TEMPLATE)
            .override_usage("mtcl [TÙY CHỌN] <LỆNH>")
            .mut_subcommands(|s| {
                let usage = vietnamese_usage(&s);
                s.help_template(VI_SUB_TEMPLATE).override_usage(usage)
            }),
        Lang::En => english(cmd),
    }
}

/// "mtcl check [TÙY CHỌN] [THƯ-MỤC]": clap's usage line with its "[OPTIONS]" said in
/// Vietnamese.
fn vietnamese_usage(sub: &clap::Command) -> String {
    let mut usage = format!("mtcl {} [TÙY CHỌN]", sub.get_name());
    for a in sub.get_positionals() {
        let name = a
            .get_value_names()
            .and_then(|v| v.first())
            .map_or_else(|| a.get_id().to_string().to_uppercase(), |n| n.to_string());
        if a.is_required_set() {
            usage.push_str(&format!(" <{name}>"));
        } else {
            usage.push_str(&format!(" [{name}]"));
        }
    }
    usage
}

const VI_TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\nLệnh:\n{subcommands}\n\nTùy chọn:\n{options}\n\nMã thoát: 0 không có lỗi; 1 có lỗi dữ liệu (báo cáo vẫn được ghi); 2 không chạy được.\n";
const VI_SUB_TEMPLATE: &str =
    "{about-with-newline}\nCách dùng: {usage}\n\nTham số:\n{positionals}\n\nTùy chọn:\n{options}\n";

/// Replaces every Vietnamese help text with its English one.
fn english(cmd: clap::Command) -> clap::Command {
    let args: &[(&str, &str)] = &[
        ("lang", "Language of messages"),
        ("jobs", "Number of parallel jobs (default: number of CPUs)"),
        ("quiet", "Print errors only, no summary"),
        ("strict", "On any data error write no report and exit 1"),
        (
            "objectives",
            "Objective definitions folder (default: DIR/muc-tieu)",
        ),
        ("data", "Input data folder (default: DIR/du-lieu)"),
        ("out", "Reports folder (default: DIR/bao-cao)"),
        ("help", "Print help"),
        ("version", "Print version"),
        ("dir", "Workspace folder (default: the current folder)"),
        ("templates", "Rewrite the input templates in mau-nhap-lieu/"),
        (
            "ky",
            "Reporting period: hk1, hk2 or ca-nam (also 1, 2, I, II, cn; default: ca-nam)",
        ),
        (
            "so_sanh",
            "Compare with an earlier report: last year's workspace folder or its ket-qua.json",
        ),
        (
            "source",
            "Source id (e.g. hoc_sinh); omitted: list every source",
        ),
        ("markdown", "Print as a Markdown reference"),
        (
            "settle",
            "Seconds a file must stay unchanged before it is read (default: 2)",
        ),
    ];
    let subs: &[(&str, &str)] = &[
        (
            "init",
            "Create the workspace of a school year (never overwrites a file)",
        ),
        (
            "plan",
            "Write the objectives attachment and the decision (no data needed)",
        ),
        (
            "check",
            "Read and validate the data, write bao-cao/loi-du-lieu.xlsx",
        ),
        (
            "run",
            "Read, validate, compute every indicator and write every report",
        ),
        (
            "watch",
            "Watch du-lieu/ and muc-tieu/ and run again on every change",
        ),
        (
            "nguon",
            "The sources: field ids, column headers, types, allowed values (for writing filters)",
        ),
    ];
    let names: &[(&str, &str)] = &[
        ("objectives", "DIR"),
        ("data", "DIR"),
        ("out", "DIR"),
        ("dir", "DIR"),
        ("source", "SOURCE"),
        ("so_sanh", "PATH"),
        ("ky", "PERIOD"),
        ("settle", "SECONDS"),
    ];
    let tr_args = |mut c: clap::Command| {
        for (id, text) in args {
            if c.get_arguments().any(|a| a.get_id() == *id) {
                c = c.mut_arg(*id, |a| a.help(*text));
            }
        }
        for (id, name) in names {
            if c.get_arguments().any(|a| a.get_id() == *id) {
                c = c.mut_arg(*id, |a| a.value_name(*name));
            }
        }
        c
    };
    let mut cmd = tr_args(cmd.about(
        "mtcl — quality objectives: checks the data, computes the indicators and writes the reports in the decision layout for vocational schools.",
    ));
    for (name, about) in subs {
        cmd = cmd.mut_subcommand(*name, |s| tr_args(s.about(*about)));
    }
    // `init` takes a folder to create, not one that defaults to the current folder.
    cmd.mut_subcommand("init", |s| {
        s.mut_arg("dir", |a| a.help("Workspace folder (created if missing)"))
    })
    .mut_subcommand("nguon", |s| {
        s.mut_arg("dir", |a| {
            a.help(
                "Workspace folder, whose nguon-du-lieu.toml applies (default: the current folder)",
            )
        })
    })
}

/// clap's own usage errors said in Vietnamese ("unrecognized subcommand 'chek'" → "không có
/// lệnh 'chek' — có phải 'check'?"), with the usage line; `None` for help and version
/// output, which are not errors.
pub fn vietnamese_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if !e.use_stderr() {
        return None;
    }
    let get = |k: ContextKind| -> Vec<String> {
        match e.get(k) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
            Some(ContextValue::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    };
    let one = |k: ContextKind| get(k).into_iter().next().unwrap_or_default();
    let quoted = |v: Vec<String>| {
        v.iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let c = one(ContextKind::InvalidSubcommand);
            format!("không có lệnh '{c}'")
        }
        ErrorKind::UnknownArgument => {
            let a = one(ContextKind::InvalidArg);
            format!("không có tùy chọn hay tham số '{a}' ở đây")
        }
        ErrorKind::MissingRequiredArgument => {
            let a = get(ContextKind::InvalidArg).join(", ");
            format!("thiếu tham số {a}")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh: init, plan, check, run, watch hoặc nguon".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let (v, a) = (one(ContextKind::InvalidValue), one(ContextKind::InvalidArg));
            let allowed = get(ContextKind::ValidValue);
            if v.is_empty() {
                format!("thiếu giá trị cho {a}")
            } else if allowed.is_empty() {
                // The values an option takes, which clap's message (from our parser or
                // Rust's) does not say in Vietnamese.
                let hint = match a.split_whitespace().next().unwrap_or_default() {
                    "--ky" | "--period" => {
                        ": dùng hk1, hk2 hoặc ca-nam (cũng nhận 1, 2, I, II, cn)"
                    }
                    "--settle" => ": cần một số giây, ví dụ 2 hoặc 0.5",
                    "--jobs" => ": cần một số nguyên dương, ví dụ 2",
                    _ => "",
                };
                format!("giá trị '{v}' không hợp lệ cho {a}{hint}")
            } else {
                let allowed = quoted(allowed);
                format!("giá trị '{v}' không hợp lệ cho {a} (được phép: {allowed})")
            }
        }
        ErrorKind::ArgumentConflict => {
            let a = one(ContextKind::InvalidArg);
            format!("tùy chọn {a} không dùng chung được với tùy chọn khác đã cho")
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            let a = one(ContextKind::InvalidArg);
            format!("số giá trị cho {a} không đúng")
        }
        _ => "dòng lệnh không hợp lệ".to_string(),
    };
    let suggested = [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg]
        .into_iter()
        .flat_map(get)
        .collect::<Vec<_>>();
    if !suggested.is_empty() {
        out.push_str(&format!(" — có phải {}?", quoted(suggested)));
    }
    let usage = one(ContextKind::Usage);
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(usage.trim())
        .trim()
        .replace("[OPTIONS]", "[TÙY CHỌN]")
        .replace("<COMMAND>", "<LỆNH>");
    let mut msg = format!("lỗi: {out}\n");
    if !usage.is_empty() {
        msg.push_str(&format!("\nCách dùng: {usage}\n"));
    }
    msg.push_str("\nXem thêm: mtcl --help\n");
    Some(msg)
}
