"""Asynchronous analysis jobs with the simulated custom models: Start/Describe/List(/Stop) of
document classification jobs and of entity detection jobs with a custom recognizer.

One mechanism serves every kind. A job reads its documents from moto's S3 when it starts (one object,
or every object under a prefix; ONE_DOC_PER_FILE, the default, or ONE_DOC_PER_LINE; UTF-8 text),
answers each exactly as the model's endpoint answers the same text, and moves SUBMITTED -> IN_PROGRESS
-> COMPLETED (or FAILED with a Message: missing input, a model that is not TRAINED, text that is not
UTF-8) under its kind's model name in moto's state manager. The first read that sees it COMPLETED
writes `<S3Uri>/<account>-<CLN|NER>-<job id>/output/output.tar.gz`, the path Describe reports. What
differs between the kinds is data (`JobKind`); their wire operations are made from it (`_methods`).

The jobs mock_rtml does not run (flywheels', built-in models') are moto's when its mock_aws is active:
their Describe and Stop go to moto, and List<Kind>Jobs lists them after ours (AWS lists every job of
the kind together).
"""
from __future__ import annotations

import functools
import itertools
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from ..core.coexistence import DataUnavailable, listed, moto_serving, output_on_completion, read_objects
from ..core.errors import NotSimulated
from ..core.ids import stable_uuid
from ..core.lifecycle import Progress, Progressing, register
from ..core.pagination import Tail
from ..core.state import Environment
from ..core.table import Index, Table
from .base import (
    RUNNING_JOB, TRAINED, BackendBase, list_page, not_found, one_filter, output_archive, selection, wire_names,
    with_token,
)
from .exceptions import InvalidRequestException, JobNotFoundException
from .tags import QUOTA as TAGS_QUOTA
from .tags import tag_dict
from .trained_models import CLASSIFIER, RECOGNIZER, CustomModel, Kind

SUCCEEDS = ("SUBMITTED", "IN_PROGRESS", "COMPLETED")
FAILS = ("SUBMITTED", "IN_PROGRESS", "FAILED")
ENDED = ("COMPLETED", "FAILED", "STOPPED")
_LINE_BREAK = re.compile("\r\n|\r|\n")  # what ends a line of ONE_DOC_PER_LINE input (not U+2028)


@dataclass(frozen=True)
class JobKind:
    """What one kind of job is on the wire. Its operations are Start<name>Job, Describe<name>Job,
    List<name>Jobs (and Stop<name>Job when `stoppable`)."""

    name: str  # "DocumentClassification"
    arn_kind: str  # the job ARN's resource type, also the name of its progression: comprehend::<arn_kind>
    model: Kind  # the kind of custom model it runs
    output_code: str  # CLN, NER: <S3Uri>/<account>-<output_code>-<job id>/output/output.tar.gz
    archive_member: str  # the file in output.tar.gz
    line_number: Callable[[int], Any]  # a document's line number as its output line shows it
    numbers_files: bool  # whether a ONE_DOC_PER_FILE document's output line has a Line too
    stoppable: bool
    without_model: Optional[str]  # the error when no model is named; None: a built-in model (moto's)

    @property
    def progression(self) -> str:
        return f"comprehend::{self.arn_kind}"

    @property
    def model_member(self) -> str:
        """The member naming the model: DocumentClassifierArn, EntityRecognizerArn."""
        return f"{self.model.wire}Arn"


class JobFailed(Exception):
    """The job ends FAILED; str() is its Message."""


@dataclass
class Job(Progressing):
    kind: JobKind
    job_id: str
    arn: str
    name: Optional[str]
    model_arn: str
    submit_time: float
    progress: Progress
    request: Dict[str, Any]  # the members Describe echoes (InputDataConfig, OutputDataConfig, ...), with defaults
    message: Optional[str] = None
    tags: Dict[str, str] = field(default_factory=dict)

    def fail(self, message: str) -> None:
        self.message = message

    def describe(self, now: float, describe: bool = False) -> Dict[str, Any]:
        status = self.status(now, describe)
        props: Dict[str, Any] = {"JobId": self.job_id, "JobArn": self.arn}
        if self.name is not None:
            props["JobName"] = self.name
        props["JobStatus"] = status
        if status == "FAILED" and self.message:
            props["Message"] = self.message
        props["SubmitTime"] = self.submit_time
        ended = self.progress.began_at(*ENDED)
        if ended is not None:
            props["EndTime"] = ended
        props[self.kind.model_member] = self.model_arn
        props.update(self.request)
        return props


def _documents(account_id: str, input_config: Mapping[str, Any]) -> Iterator[Tuple[str, Optional[int], str]]:
    """(file name, line number or None for a whole file, text) of each input document, in key order."""
    uri = input_config["S3Uri"]
    per_line = input_config.get("InputFormat", "ONE_DOC_PER_FILE") == "ONE_DOC_PER_LINE"
    bucket = uri[5:].partition("/")[0]
    for key, data in read_objects(account_id, uri):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JobFailed(f"s3://{bucket}/{key} is not UTF-8 text (byte {error.start})") from None
        name = key.rsplit("/", 1)[-1]
        if not per_line:
            if text:
                yield name, None, text
            continue
        for number, line in enumerate(_LINE_BREAK.split(text)):
            if line:  # an empty line (or the end of the file after the last line break) is no document
                yield name, number, line


def _output_lines(kind: JobKind, model: CustomModel, account_id: str, input_config: Mapping[str, Any]) -> List[Dict[str, Any]]:
    lines = []
    for name, number, text in _documents(account_id, input_config):
        line: Dict[str, Any] = {"File": name}
        if number is not None or kind.numbers_files:
            line["Line"] = kind.line_number(number or 0)
        line.update(model.analyze(text))
        lines.append(line)
    if not lines:
        raise JobFailed(f"the input at {input_config['S3Uri']} holds no documents")
    return lines


class JobsMixin(BackendBase):
    def __init__(self, account_id: str, region: str, environment: Environment) -> None:
        super().__init__(account_id, region, environment)
        # Listed by submit time, then ARN; indexed by the List<Kind>Jobs filters and by model.
        self.jobs = {kind.arn_kind: Table(
            lambda j: j.job_id, lambda j: (j.submit_time, j.arn),
            {"JobStatus": Index(Job.status, moves=True), "JobName": Index(lambda j, now: j.name or ""),
             "ModelArn": Index(lambda j, now: j.model_arn)},
        ) for kind in KINDS}
        self._job_numbers = itertools.count(1)

    def moto_owns(self, operation: str, params: Mapping[str, object]) -> bool:
        """Jobs mock_rtml does not run are moto's: those of a flywheel or a built-in model, and the job
        ids moto holds (moto's are UUIDs, which do not fit AWS's JobId pattern). An id neither knows
        is ours to refuse, as AWS does."""
        found = _OPERATIONS.get(operation)
        if found is None:
            return False
        kind, verb = found
        if verb == "start":
            return "FlywheelArn" in params or (kind.without_model is None and kind.model_member not in params)
        job_id = params.get("JobId")
        return (verb != "list" and isinstance(job_id, str) and job_id not in self.jobs[kind.arn_kind]
                and _motos_job(self.account_id, self.region, job_id))

    def _job(self, kind: JobKind, job_id: str, describe: bool = False) -> Job:
        found = self.jobs[kind.arn_kind].find(job_id, self.clock.now(), describe)
        if found is None:
            raise JobNotFoundException(f"Could not find job {job_id}")
        return found

    def _start_job(
        self, kind: JobKind, input_data_config: Mapping[str, Any], output_data_config: Mapping[str, Any],
        data_access_role_arn: str, job_name: Optional[str] = None, client_request_token: Optional[str] = None,
        tags: Sequence[Mapping[str, str]] = (), flywheel_arn: Optional[str] = None, **options: Any,
    ) -> Dict[str, Any]:
        request = wire_names(options)  # the model's ARN, VpcConfig, VolumeKmsKeyId, LanguageCode
        model_arn: Optional[str] = request.pop(kind.model_member, None)
        if flywheel_arn is not None:
            if model_arn is not None:
                raise InvalidRequestException(f"Give {kind.model_member} or FlywheelArn, not both")
            raise NotSimulated("jobs with a flywheel's model", otherwise=not_found())
        if model_arn is None:
            if kind.without_model is None:
                raise NotSimulated(f"Start{kind.name}Job with a built-in model")
            raise InvalidRequestException(kind.without_model)
        asked = (kind.arn_kind, model_arn, dict(input_data_config), dict(output_data_config), data_access_role_arn,
                 job_name, list(tags), request)
        if client_request_token and client_request_token in self._tokens:
            earlier, job_id = self._tokens[client_request_token]
            if earlier == asked:  # a retry of the same request starts nothing new
                return self._started(self.jobs[kind.arn_kind][job_id])
        model = self.model(model_arn, kind.model)
        status = model.status(self.clock.now())
        new_tags = tag_dict(tags, self.environment.quotas[TAGS_QUOTA])
        now = self.clock.now()
        job_id = stable_uuid(self.account_id, self.region, kind.arn_kind, next(self._job_numbers)).replace("-", "")
        folder = f"{self.account_id}-{kind.output_code}-{job_id}"
        output_uri = f"{output_data_config['S3Uri'].rstrip('/')}/{folder}/output/output.tar.gz"
        described = {
            "InputDataConfig": {"InputFormat": "ONE_DOC_PER_FILE", **input_data_config},
            "OutputDataConfig": {**output_data_config, "S3Uri": output_uri},
            "DataAccessRoleArn": data_access_role_arn,
            **request,
        }
        job = Job(kind, job_id, self.arn(kind.arn_kind, job_id), job_name, model_arn, now,
                  Progress.start(kind.progression, SUCCEEDS, now), described, tags=new_tags)
        try:
            if status not in TRAINED:
                raise JobFailed(f"The model {model_arn} is {status}; a job needs a TRAINED model")
            archive = output_archive(kind.archive_member, _output_lines(kind, model, self.account_id, input_data_config))
        except (JobFailed, DataUnavailable) as failure:  # the reason is the job's Message
            job.progress, job.message = Progress.start(kind.progression, FAILS, now), str(failure)
        else:
            job.progress.on_done = output_on_completion(self.account_id, [(output_uri, archive)], job.fail)
        self.jobs[kind.arn_kind].add(job, now)
        if client_request_token:
            self._tokens[client_request_token] = (asked, job_id)
        return self._started(job)

    @staticmethod
    def _started(job: Job) -> Dict[str, Any]:
        return {"JobId": job.job_id, "JobArn": job.arn, "JobStatus": "SUBMITTED", job.kind.model_member: job.model_arn}

    def _describe_job(self, kind: JobKind, job_id: str) -> Dict[str, Any]:
        job = self._job(kind, job_id, describe=True)
        return {f"{kind.name}JobProperties": job.describe(self.clock.now())}

    def _list_jobs(
        self, kind: JobKind, filter: Optional[Mapping[str, Any]] = None, next_token: Optional[str] = None,
        max_results: int = 100,
    ) -> Dict[str, Any]:
        """Our jobs, then moto's (AWS documents no order across them)."""
        wanted = one_filter(filter)
        now = self.clock.now()
        # SubmitTimeAfter lists newest first, everything else oldest first (the filter's docs).
        newest_first = "SubmitTimeAfter" in wanted
        motos = functools.partial(_motos_listing, self.account_id, self.region, kind, wanted, newest_first)
        items, following = list_page(self.jobs[kind.arn_kind], wanted, next_token, max_results,
                                     lambda job: job.describe(now), now, f"List{kind.name}Jobs", newest_first,
                                     motos if moto_serving() else None)
        return with_token({f"{kind.name}JobPropertiesList": items}, following)

    def _stop_job(self, kind: JobKind, job_id: str) -> Dict[str, Any]:
        """A running job is STOP_REQUESTED, then STOPPED; it writes no output (it answers every
        document at the moment it completes, so a stopped job has processed none)."""
        job = self._job(kind, job_id)
        now = self.clock.now()
        status = job.status(now)
        if status in ("COMPLETED", "FAILED"):
            raise InvalidRequestException(f"Job {job_id} is {status}; only a SUBMITTED or IN_PROGRESS job can be stopped")
        if status in RUNNING_JOB:
            job.progress.divert(("STOP_REQUESTED", "STOPPED"), now)
            self.jobs[kind.arn_kind].changed(job, now)
            status = "STOP_REQUESTED"
        return {"JobId": job_id, "JobStatus": status}


def _motos_jobs(account_id: str, region: str) -> Mapping[str, Any]:
    """moto's Comprehend jobs, every kind in one dict by id (in the order moto started them), read
    without importing moto or making its backend (dict.get: moto's BackendDict makes what [] asks).
    moto before 5.1.12 has no jobs."""
    models = sys.modules.get("moto.comprehend.models")
    account = None if models is None else dict.get(models.comprehend_backends, account_id)
    backend = None if account is None else dict.get(account, region)
    return getattr(backend, "jobs", {})


def _motos_job(account_id: str, region: str, job_id: str) -> bool:
    """Whether moto's Comprehend holds a job with this id."""
    return job_id in _motos_jobs(account_id, region)


# What a List filter member selects moto's jobs by (None: the submit time, as for ours).
_MOTO_VALUES: Dict[Optional[str], Callable[[Any], Any]] = {
    None: lambda job: job.submit_time.timestamp(),  # an aware datetime at moto
    "JobStatus": lambda job: job.job_status,
    "JobName": lambda job: job.job_name,
}


def _motos_listing(
    account_id: str, region: str, kind: JobKind, wanted: Mapping[str, Any], newest_first: bool
) -> Tail[Dict[str, Any]]:
    """moto's jobs of a kind that the filter selects, as a listing's tail: in the order moto started
    them (newest first when ours are), each read as the listing's item shape allows."""
    index, where = selection(wanted)
    value, render = _MOTO_VALUES[index], listed("comprehend", f"List{kind.name}Jobs")
    found = [(job.job_id, functools.partial(_listed_job, render, job))
             for job in _motos_jobs(account_id, region).values()
             if job.job_type == kind.name and where.contains(value(job))]
    return found[::-1] if newest_first else found


def _listed_job(render: Callable[[Dict[str, Any]], Dict[str, Any]], job: Any) -> Dict[str, Any]:
    return render(job.to_dict())


def _api_names(kind: JobKind) -> Dict[str, str]:
    """What each operation of a kind does (start, describe, list, stop) -> its name in the API."""
    verbs = ("start", "describe", "list", "stop") if kind.stoppable else ("start", "describe", "list")
    return {verb: f"{verb.capitalize()}{kind.name}Job{'s' if verb == 'list' else ''}" for verb in verbs}


def _methods(kind: JobKind) -> Dict[str, Callable[..., Dict[str, Any]]]:
    """The backend methods of a kind's operations, under the names dispatch looks for (botocore's
    snake_case of the operation: start_document_classification_job)."""

    def start(self: JobsMixin, **request: Any) -> Dict[str, Any]:
        return self._start_job(kind, **request)

    def describe(self: JobsMixin, job_id: str) -> Dict[str, Any]:
        return self._describe_job(kind, job_id)

    def listing(self: JobsMixin, **query: Any) -> Dict[str, Any]:
        return self._list_jobs(kind, **query)

    def stop(self: JobsMixin, job_id: str) -> Dict[str, Any]:
        return self._stop_job(kind, job_id)

    methods: Dict[str, Callable[..., Dict[str, Any]]] = {"start": start, "describe": describe, "list": listing, "stop": stop}
    return {re.sub("(?<!^)(?=[A-Z])", "_", name).lower(): methods[verb] for verb, name in _api_names(kind).items()}


KINDS = (
    # AWS has no StopDocumentClassificationJob. Output as the developer guide shows it: predictions.jsonl
    # lines {"File", "Line": "0", "Classes"}; a file read whole has no Line.
    JobKind("DocumentClassification", "document-classification-job", CLASSIFIER, "CLN",
            "predictions.jsonl", str, False, False,
            "StartDocumentClassificationJob needs a DocumentClassifierArn or a FlywheelArn"),
    # Output as the guide ("Outputs for asynchronous analysis jobs") and the CLI examples show it: a file
    # named `output` of lines {"Entities", "File", "Line": 0}, Line 0 for a file read whole. Without an
    # EntityRecognizerArn a job runs the built-in model: moto's.
    JobKind("EntitiesDetection", "entities-detection-job", RECOGNIZER, "NER", "output", int, True, True, None),
)
# Operation -> (its kind, what it does).
_OPERATIONS = {name: (kind, verb) for kind in KINDS for verb, name in _api_names(kind).items()}
for _kind in KINDS:
    register(_kind.progression)
    for _name, _method in _methods(_kind).items():
        setattr(JobsMixin, _name, _method)
