//! The `mtcl` binary: parse the command line, run one command, print the one error and
//! choose the exit code — 0 all good, 1 data errors, 2 cannot run — in one place.

use std::process::ExitCode;

use mtcl::cli;
use mtcl::i18n::Lang;
use mtcl::{CannotRun, Outcome};

fn main() -> ExitCode {
    mtcl::platform::init_console();
    let args: Vec<String> = std::env::args().collect();
    let lang = Lang::detect(&args);
    let matches = match cli::command(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
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
