from eventwire.cli import app

app(prog_name="eventwire")
