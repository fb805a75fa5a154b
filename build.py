"""Construit le guide Pix : python build.py --help"""
import sys

from handbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
