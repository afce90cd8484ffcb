#!/usr/bin/env python3
"""trafilatura on the Zyte pages, called as the benchmark's own runner calls it:
``trafilatura.extract(html, include_comments=False)`` on the decoded page, plain
text output, every other setting at its default. ``--with-url`` also passes the
page URL (it feeds metadata and link handling, not the body heuristics).
"""

from importlib.metadata import version

import trafilatura

import peerlib


def main():
    ap = peerlib.parse_args("trafilatura")
    ap.add_argument("--with-url", action="store_true", help="pass url= from ground-truth.json")
    args = ap.parse_args()
    pages = peerlib.load_pages(args.zyte)

    if args.with_url:
        def extract_one(html, url):
            return trafilatura.extract(html, url=url, include_comments=False)
    else:
        def extract_one(html, url):
            return trafilatura.extract(html, include_comments=False)

    peerlib.run("trafilatura", version("trafilatura"), pages, extract_one, args.out, args.passes)


if __name__ == "__main__":
    main()
