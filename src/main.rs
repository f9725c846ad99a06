//! The `mtcl` binary: parse the command line, run one command, print the one error and
//! choose the exit code — 0 all good, 1 data errors, 2 cannot run — in one place.

use std::process::ExitCode;

use mtcl::cli;
use mtcl::i18n::Lang;
use mtcl::{CannotRun, Outcome};

fn main() -> ExitCode {
    end_quietly_on_closed_pipe();
    mtcl::platform::init_console();
    let args: Vec<String> = std::env::args().collect();
    let lang = Lang::detect(&args);
    mtcl::panics::install(lang);
    let matches = match cli::command(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            match cli::vietnamese_error(&e).filter(|_| lang == Lang::Vi) {
                Some(m) => eprint!("{m}"),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(code);
        }
    };
    let parsed = match <cli::Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match mtcl::cmd::dispatch(parsed) {
        Ok(Outcome::Clean) => ExitCode::from(0),
        Ok(Outcome::DataErrors) => ExitCode::from(1),
        Err(CannotRun(message)) => {
            eprintln!("{}", message.trim_end());
            ExitCode::from(2)
        }
    }
}

/// A reader that stops reading (`mtcl check | head -n1`) is not an error: it has what it
/// wanted, and every report was written before anything was printed. `println!` panics on
/// a closed pipe (Rust ignores SIGPIPE); end at once, quietly, with exit 0, as ripgrep
/// does, instead of printing a panic and a backtrace. Every other panic is left as it is.
fn end_quietly_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if is_closed_pipe(message) {
            std::process::exit(0);
        }
        default(info)
    }));
}

/// The panic message of `print!` into a closed pipe: EPIPE on Unix; ERROR_BROKEN_PIPE (109)
/// and ERROR_NO_DATA (232) on Windows.
fn is_closed_pipe(message: &str) -> bool {
    (message.starts_with("failed printing to stdout")
        || message.starts_with("failed printing to stderr"))
        && [
            "Broken pipe",
            "os error 32)",
            "os error 109)",
            "os error 232)",
        ]
        .iter()
        .any(|m| message.contains(m))
}
