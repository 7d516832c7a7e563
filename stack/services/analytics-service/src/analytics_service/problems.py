"""RFC 9457 problem details, the one error shape every service answers with."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

PROBLEM_BASE = "https://ha-demo.dev/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


@dataclass
class FieldError:
    field: str
    message: str


@dataclass
class Problem(Exception):
    status: int
    slug: str
    title: str
    detail: str
    errors: list[FieldError] = field(default_factory=list)

    def to_response(self) -> Response:
        body: dict[str, object] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": request.path,
        }
        if self.errors:
            body["errors"] = [{"field": e.field, "message": e.message} for e in self.errors]
        return Response(json.dumps(body), status=self.status, mimetype=PROBLEM_MEDIA_TYPE)


def validation_problem(errors: list[FieldError]) -> Problem:
    return Problem(
        status=400,
        slug="validation",
        title="Invalid request",
        detail="; ".join(f"{e.field}: {e.message}" for e in errors),
        errors=errors,
    )


def dependency_unavailable(detail: str) -> Problem:
    return Problem(status=503, slug="dependency-unavailable", title="Dependency unavailable", detail=detail)


_SLUGS = {404: "not-found", 405: "method-not-allowed", 400: "bad-request", 415: "unsupported-media-type"}


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Problem)
    def handle_problem(problem: Problem) -> Response:
        return problem.to_response()

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException) -> Response:
        status = error.code or 500
        problem = Problem(
            status=status,
            slug=_SLUGS.get(status, "http-error"),
            title=error.name,
            detail=f"{request.method} {request.path}: {error.description}",
        )
        response = problem.to_response()
        if status == 405 and isinstance(error.valid_methods, list):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        app.logger.exception("unhandled error")
        return Problem(
            status=500,
            slug="internal",
            title="Internal Server Error",
            detail="The analytics service failed unexpectedly; the log line with this request id has the cause.",
        ).to_response()
