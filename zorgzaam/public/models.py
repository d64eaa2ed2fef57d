# The public pages only read what other apps store; they keep no data of their own.
