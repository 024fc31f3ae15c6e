#!/usr/bin/python3
# Runs Debian's wapiti 3.0.4 with its URL exclusion (-x) working on Python 3.11: its wildcard_translate puts the
# regex flags at the end of the pattern, which Python 3.11 refuses. Same arguments as `wapiti`.
import re
import sys

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile('(?ms)' + ''.join('.*' if c == '*' else re.escape(c) for c in pattern) + r'\Z')


crawler.wildcard_translate = wildcard_translate

from importlib.metadata import distribution  # noqa: E402

entry = next(e for e in distribution('wapiti3').entry_points if e.group == 'console_scripts' and e.name == 'wapiti')
sys.argv[0] = 'wapiti'
sys.exit(entry.load()())
