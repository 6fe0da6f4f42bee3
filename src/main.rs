//! Starts trustwork: a command when one is given, otherwise the window.

use clap::Parser as _;

use trustwork::cli::{Args, Command, run};
use trustwork::store::Secret;

/// Asks for a secret without echo on the terminal, or reads one line of standard input when it
/// is not a terminal (a script, a pipe). Never from arguments or the environment.
fn ask_secret(prompt: &str) -> Result<Secret, String> {
    use std::io::{BufRead as _, IsTerminal as _};
    let mut text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| format!("could not read it: {e}"))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("could not read it from standard input: {e}"))?;
        if line.is_empty() {
            return Err(format!(
                "{} was needed, and standard input had nothing left",
                prompt.trim_end_matches([':', ' '])
            ));
        }
        let kept = line.trim_end_matches(['\n', '\r']).len();
        line.truncate(kept);
        line
    };
    Ok(Secret::new(&mut text))
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    // A preview opens the window, on the workbook file named.
    let preview = match &args.command {
        Some(Command::Preview { file }) => Some(file.clone()),
        _ => None,
    };
    if let Some(command) = args.command.as_ref().filter(|_| preview.is_none()) {
        let code = run(
            command,
            args.data_dir.as_deref(),
            &mut ask_secret,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        );
        return std::process::ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    match trustwork::app::run_window(args.data_dir, preview) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("trustwork could not open its window: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}
