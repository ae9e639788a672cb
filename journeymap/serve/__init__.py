"""Serve: the live studio of `journeymap serve` — report pages kept up to date in memory, walkthroughs in the browser.

Only `journeymap serve` imports this package (and with it Starlette, uvicorn and watchfiles), so
the other commands stay as fast as they were. The parts, left to right:

- `site`: the report's pages built in memory from PATH; a save rebuilds only the pages it affects.
- `hub`: tells every open tab which pages changed (server-sent events).
- `watcher`: watches PATH and asks the site to rebuild.
- `store`: walkthrough files recorded in the browser, one lock per file, optimistic versions.
- `security`: Host, access token, same-origin and CSRF checks, body size limit, headers.
- `app`: the routes and pages.
"""
