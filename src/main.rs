//! Starts trustwork: a command when one is given, otherwise the window.

use clap::Parser as _;

use trustwork::cli::{Args, run};

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if let Some(command) = &args.command {
        let code = run(
            command,
            args.data_dir.as_deref(),
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        );
        return std::process::ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    match trustwork::app::run_window(args.data_dir) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("trustwork could not open its window: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
