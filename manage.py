#!/usr/bin/env python
from zorgzaam.__main__ import main

if __name__ == "__main__":
    main()
