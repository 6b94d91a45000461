from csp_draft.cli import main

main()
