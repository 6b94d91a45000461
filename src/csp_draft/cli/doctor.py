"""`csp-draft doctor`: check the machine and the workspace, and say what to do."""

from __future__ import annotations

import typer

from csp_draft.cli.common import app


@app.command("doctor")
def doctor() -> None:
    """Check what PDF export, Russian documents, shared libraries and your drafts need,
    and say what to do about each problem; exits 1 when something needed is missing."""
    from csp_draft.doctor.checks import run_checks
    from csp_draft.textsafety import strip_control

    findings = run_checks()
    for finding in findings:
        typer.echo(strip_control(finding.format()))
    errors = sum(finding.status == "error" for finding in findings)
    warnings = sum(finding.status == "warning" for finding in findings)
    if errors or warnings:
        typer.echo(f"{errors} error{'s' if errors != 1 else ''}, {warnings} "
                   f"warning{'s' if warnings != 1 else ''}", err=True)
    else:
        typer.echo("everything csp-draft needs is here", err=True)
    if errors:
        raise typer.Exit(1)
