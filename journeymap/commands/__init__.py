"""Commands: one module per `journeymap` subcommand, each a few lines from arguments to output."""
