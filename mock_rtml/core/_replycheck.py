"""Test-time check: a reply parses with botocore and validates against the operation's shapes."""
from __future__ import annotations

import re

import botocore.parsers
import botocore.validate

from .errors import COMMON_CODES, SERVICE_WIDE_CODES
from .model import error_shape, operation_model
from .protocol import Reply, parse_json
from .validation import compile_shape

# Output members whose model constraint is not the whole story. A custom entity recognizer answers its
# own entity types (the developer guide's real-time output shows "Type": "JUDGE"), while the shape's
# enum lists the built-in ones. A listing of jobs shows moto's jobs (comprehend/jobs.py) under the ids
# moto gave them at Start: UUIDs, 36 characters, where JobId allows 32.
_MOTOS_JOB_ID = (r"Value '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}' at '\w+JobPropertiesList\.\d+\.member\.jobId' "
                 r"failed to satisfy constraint: Member must have length less than or equal to 32")
_OPEN_CONSTRAINTS = {
    ("comprehend", "DetectEntities"): re.compile(r"Value .* at 'entities\.\d+\.member\.type' failed to satisfy constraint: Member must satisfy enum value set"),
    ("comprehend", "ListDocumentClassificationJobs"): re.compile(_MOTOS_JOB_ID),
    ("comprehend", "ListEntitiesDetectionJobs"): re.compile(_MOTOS_JOB_ID),
}


def check_reply(service: str, operation: str, reply: Reply) -> None:
    status, head, body = reply
    document = parse_json(body.decode()) if body else {}  # strict: NaN and Infinity are not JSON
    assert isinstance(document, dict), f"{operation} answered {document!r}, not a JSON object"
    op = operation_model(service, operation)
    parser = botocore.parsers.create_parser("json")
    parsed = parser.parse({"status_code": status, "headers": head, "body": body}, op.output_shape)  # type: ignore[arg-type]  # None is fine for an empty reply
    if status >= 300:
        code = parsed["Error"]["Code"]
        modeled = {shape.name for shape in op.error_shapes}
        if code not in modeled | COMMON_CODES | SERVICE_WIDE_CODES[service]:
            raise AssertionError(f"{operation} answered {code}, which the model does not list: {sorted(modeled)}")
        shape = error_shape(service, code)
        problems: list[str] = []
        if shape is not None:
            compile_shape(shape)({k: v for k, v in document.items() if k != "__type"}, "", problems)
        if problems:
            raise AssertionError(f"{operation}'s {code} breaks the model's constraints: {problems}")
        return
    parsed.pop("ResponseMetadata", None)
    if op.output_shape is None:
        if parsed:
            raise AssertionError(f"{operation} has no output shape but answered {parsed}")
        return
    report = botocore.validate.ParamValidator().validate(parsed, op.output_shape)
    if report.has_errors():
        raise AssertionError(f"{operation} reply does not fit its output shape:\n{report.generate_report()}")
    errors: list[str] = []
    compile_shape(op.output_shape)(document, "", errors)
    open_constraint = _OPEN_CONSTRAINTS.get((service, operation))
    if open_constraint is not None:
        errors = [error for error in errors if not open_constraint.match(error)]
    if errors:
        raise AssertionError(f"{operation} reply breaks the model's constraints: {errors}")
