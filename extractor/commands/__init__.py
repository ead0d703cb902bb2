"""Command modules: each defines click commands and lists them in `COMMANDS`; cli.py registers them."""
