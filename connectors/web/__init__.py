"""The Scrapy connector for case systems with a web interface.

Kept apart as Scrapy intends: ``selection`` (pure CSS selection driven by the YAML source
definition), ``items`` (what a spider hands over), ``spiders`` (login, paging, details,
attachments, incremental stop), ``pipelines`` (validate, dedupe, store or quarantine), and
``run`` (the subprocess entry point: a Twisted reactor cannot restart within one process).
"""
