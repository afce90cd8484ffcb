#!/usr/bin/env python3
"""newspaper4k on the Zyte pages, as the benchmark's own runner calls it (an
Article built from the page URL, downloaded from ``input_html``, then parsed;
the body is ``article.text``), except that ``fetch_images=False``: by default
parse() fetches the top image over the network, which would time the network
rather than the extractor. Image fetching does not touch the text.
"""

from importlib.metadata import version

from newspaper import Article

import peerlib


def main():
    args = peerlib.parse_args("newspaper4k").parse_args()
    pages = peerlib.load_pages(args.zyte)

    def extract_one(html, url):
        article = Article(url, fetch_images=False)
        article.download(input_html=html)
        article.parse()
        return article.text

    peerlib.run("newspaper4k", version("newspaper4k"), pages, extract_one, args.out, args.passes)


if __name__ == "__main__":
    main()
