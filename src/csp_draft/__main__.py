from csp_draft.cli.main import run

run()
