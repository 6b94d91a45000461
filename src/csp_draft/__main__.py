from csp_draft.cli import run

run()
