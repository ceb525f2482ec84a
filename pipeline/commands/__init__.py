"""What the commands that are not stages do (agenda, new, schema); no click code here."""
