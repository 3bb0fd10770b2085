"""`pr-impact explain`: the full evidence trace of each verdict, and what the writer was told and wrote."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pr_impact.core.config import Config
    from pr_impact.core.verdict import Verdict


def explain(snapshot: str | None, base: str | None, head: str, title: str | None, body: str | None,
            config: str | None, color: bool, writer_request: bool = False) -> None:
    """Show the full evidence trace: files, every rule, the scores and why the verdict won; with the writer on,
    what the model wrote. `writer_request` prints instead the exact request the writer sends (nothing is sent)."""
    from pr_impact.commands.check import classify_all
    from pr_impact.render.text import render_explain

    verdicts, cfg = classify_all(config, snapshot, base, head, title, body)
    if writer_request:
        _print_requests(verdicts, cfg)
        return
    from pr_impact.commands.words import local_writer

    writer = local_writer(cfg)
    texts = []
    for v in verdicts:
        text = render_explain(v, cfg, color)
        if writer is not None:
            from pr_impact.render.text import render_words

            body_sent, _key = writer.request(v)
            failed = writer.failed
            v = writer.write(v)
            fault = writer.faults[-1] if writer.failed > failed else None
            text += render_words(v, writer.setup.model, writer.setup.url, len(json.dumps(body_sent)), fault, color)
        texts.append(text)
    sys.stdout.write(("\n" + "-" * 60 + "\n").join(texts))


def _print_requests(verdicts: list[Verdict], cfg: Config) -> None:
    """Each PR's chat-completions body as the writer would POST it (JSON Lines), and where; no model is asked.
    Works with the writer off too (the model's name is then a placeholder): what a team would send, before
    it turns the writer on."""
    from pr_impact.adapters.writer import DEFAULT_URL, prompt_for, writer_setup
    from pr_impact.commands.words import prompt_reader
    from pr_impact.core.writer import chat_request, request_key, variables

    setup = writer_setup(cfg.writer, os.environ)
    model = setup.model if setup else cfg.writer.model or "(writer.model or PR_IMPACT_MODEL)"
    url = setup.url if setup else cfg.writer.url or DEFAULT_URL
    prompt = prompt_for(cfg.writer.prompt, prompt_reader(None))
    for v in verdicts:
        body = chat_request(prompt, model, variables(v))
        line = json.dumps({"url": f"{url}/chat/completions", "key": request_key(body), "body": body},
                          ensure_ascii=False)
        # The runner reads a legacy `##[command]` anywhere in a log line: `\u0023` is the same JSON string.
        sys.stdout.write(line.encode("utf-8", "replace").decode("utf-8").replace("##[", "#\\u0023[") + "\n")
