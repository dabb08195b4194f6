//! The `cistron` binary: all the work is in the library; see `cli`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
