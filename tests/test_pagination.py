"""Pagination of every List/Describe operation: a stable order, pages that neither repeat nor skip an
item when others are created or deleted between them, and NextTokens refused when not made for the query."""
from __future__ import annotations

import math
from typing import Any, Dict, List, Optional

import boto3
import pytest
from botocore.exceptions import ClientError
from ml_datasets import RDS_DATA
from status_progressions import progression

REGION = "us-east-1"
LABELS = {"A": ["alpha"], "B": ["beta"]}
ROLE = "arn:aws:iam::123456789012:role/ml"


class Kind:
    """One List/Describe operation: how to make, name and delete the resources it lists."""

    service, operation, key, size, code = "comprehend", "", "", "MaxResults", "InvalidRequestException"
    deleted_stay_listed = False  # Amazon ML lists DELETED entities

    def __init__(self, rtml: Any) -> None:
        self.rtml = rtml
        self.client = boto3.client(self.service, region_name=REGION)

    def make(self, i: int) -> str:
        raise NotImplementedError

    def delete(self, ident: str) -> None:
        raise NotImplementedError

    def ident(self, item: Dict[str, Any]) -> str:
        raise NotImplementedError

    def page(self, size: int, token: Optional[str] = None, **query: Any) -> Dict[str, Any]:
        return getattr(self.client, self.operation)(**{self.size: size}, **({"NextToken": token} if token else {}), **query)


class Endpoints(Kind):
    operation, key = "list_endpoints", "EndpointPropertiesList"

    def make(self, i: int) -> str:
        if i == 0:
            self.model = self.rtml.add_document_classifier("base", LABELS)
        return str(self.rtml.add_endpoint(f"ep-{i}", self.model))

    def delete(self, ident: str) -> None:
        self.client.delete_endpoint(EndpointArn=ident)

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item["EndpointArn"])


class Classifiers(Kind):
    operation, key = "list_document_classifiers", "DocumentClassifierPropertiesList"

    def make(self, i: int) -> str:
        return str(self.rtml.add_document_classifier(f"c-{i:02d}", LABELS))

    def delete(self, ident: str) -> None:
        self.client.delete_document_classifier(DocumentClassifierArn=ident)

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item["DocumentClassifierArn"])


class Summaries(Classifiers):
    """One summary per classifier name, in name order (the names sort in creation order here)."""

    operation, key = "list_document_classifier_summaries", "DocumentClassifierSummariesList"

    def make(self, i: int) -> str:
        return super().make(i).rsplit("/", 1)[1]

    def delete(self, ident: str) -> None:
        super().delete(f"arn:aws:comprehend:{REGION}:123456789012:document-classifier/{ident}")

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item["DocumentClassifierName"])


class Recognizers(Kind):
    operation, key = "list_entity_recognizers", "EntityRecognizerPropertiesList"

    def make(self, i: int) -> str:
        return str(self.rtml.add_entity_recognizer(f"r-{i:02d}", {"PART": ["warp coil"]}))

    def delete(self, ident: str) -> None:
        self.client.delete_entity_recognizer(EntityRecognizerArn=ident)

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item["EntityRecognizerArn"])


class RecognizerSummaries(Recognizers):
    operation, key = "list_entity_recognizer_summaries", "EntityRecognizerSummariesList"

    def make(self, i: int) -> str:
        return super().make(i).rsplit("/", 1)[1]

    def delete(self, ident: str) -> None:
        super().delete(f"arn:aws:comprehend:{REGION}:123456789012:entity-recognizer/{ident}")

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item["RecognizerName"])


class ClassificationJobs(Kind):
    """Jobs are never deleted (no Delete operation): the create-and-delete case only creates."""

    operation, key = "list_document_classification_jobs", "DocumentClassificationJobPropertiesList"

    def make(self, i: int) -> str:
        if i == 0:
            self.model = self.rtml.add_document_classifier("base", LABELS)
        return str(self.client.start_document_classification_job(  # FAILED at once: without moto, no input
            DocumentClassifierArn=self.model, InputDataConfig={"S3Uri": "s3://input/x"}, OutputDataConfig={"S3Uri": "s3://output/"},
            DataAccessRoleArn=ROLE)["JobId"])

    def delete(self, ident: str) -> None:
        pytest.skip("jobs cannot be deleted")

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item["JobId"])


class EntitiesJobs(ClassificationJobs):
    operation, key = "list_entities_detection_jobs", "EntitiesDetectionJobPropertiesList"

    def make(self, i: int) -> str:
        if i == 0:
            self.model = self.rtml.add_entity_recognizer("base", {"PART": ["warp coil"]})
        return str(self.client.start_entities_detection_job(  # FAILED at once: without moto, no input
            EntityRecognizerArn=self.model, LanguageCode="en", InputDataConfig={"S3Uri": "s3://input/x"},
            OutputDataConfig={"S3Uri": "s3://output/"}, DataAccessRoleArn=ROLE)["JobId"])


class MLKind(Kind):
    service, key, size, code = "machinelearning", "Results", "Limit", "InvalidInputException"
    deleted_stay_listed = True
    prefix, id_key = "", ""

    def make(self, i: int) -> str:
        if i == 0:
            self.rtml.add_ml_model("base", labels=LABELS)
            self.client.create_data_source_from_rds(DataSourceId="base", RoleARN=ROLE, RDSData=RDS_DATA)
        ident = f"{self.prefix}-{i}"
        self.create(ident)
        return ident

    def create(self, ident: str) -> None:
        raise NotImplementedError

    def delete(self, ident: str) -> None:
        getattr(self.client, self.operation.replace("describe_", "delete_")[:-1])(**{self.id_key: ident})

    def ident(self, item: Dict[str, Any]) -> str:
        return str(item[self.id_key])

    def page(self, size: int, token: Optional[str] = None, **query: Any) -> Dict[str, Any]:
        query.setdefault("FilterVariable", "Name")  # only the entities each test makes
        query.setdefault("Prefix", self.prefix)
        return super().page(size, token, **query)


class DataSources(MLKind):
    operation, prefix, id_key = "describe_data_sources", "ds", "DataSourceId"

    def create(self, ident: str) -> None:
        self.client.create_data_source_from_rds(DataSourceId=ident, DataSourceName=ident, RoleARN=ROLE, RDSData=RDS_DATA)


class MLModels(MLKind):
    operation, prefix, id_key = "describe_ml_models", "m", "MLModelId"

    def create(self, ident: str) -> None:
        self.rtml.add_ml_model(ident, labels=LABELS)
        self.client.update_ml_model(MLModelId=ident, MLModelName=ident)


class Evaluations(MLKind):
    operation, prefix, id_key = "describe_evaluations", "ev", "EvaluationId"

    def create(self, ident: str) -> None:
        self.client.create_evaluation(EvaluationId=ident, EvaluationName=ident, MLModelId="base", EvaluationDataSourceId="base")


class BatchPredictions(MLKind):
    operation, prefix, id_key = "describe_batch_predictions", "bp", "BatchPredictionId"

    def create(self, ident: str) -> None:
        self.client.create_batch_prediction(BatchPredictionId=ident, BatchPredictionName=ident, MLModelId="base",
                                            BatchPredictionDataSourceId="base", OutputUri="s3://out/")


KINDS = [Endpoints, Classifiers, Summaries, Recognizers, RecognizerSummaries, ClassificationJobs, EntitiesJobs, DataSources, MLModels,
         Evaluations, BatchPredictions]


@pytest.fixture(params=KINDS, ids=[k.operation for k in KINDS])
def kind(request: Any, rtml: Any) -> Kind:
    rtml.clock.freeze()
    return request.param(rtml)


def made(kind: Kind, count: int) -> List[str]:
    idents = []
    for i in range(count):
        idents.append(kind.make(i))
        kind.rtml.clock.advance(1)
    return idents


def walk(kind: Kind, size: int, token: Optional[str] = None, **query: Any) -> List[List[str]]:
    """The ids of every page from `token` on."""
    pages = []
    while True:
        reply = kind.page(size, token, **query)
        pages.append([kind.ident(item) for item in reply[kind.key]])
        token = reply.get("NextToken")
        if token is None:
            return pages


def test_every_list_operation_pages_through_in_a_stable_order(kind: Kind) -> None:
    idents = made(kind, 5)
    assert walk(kind, 2) == [idents[:2], idents[2:4], idents[4:]]
    assert walk(kind, 5) == [idents]  # a full last page ends the listing: no empty page follows


def test_creates_and_deletes_between_pages_neither_repeat_nor_skip_other_items(kind: Kind) -> None:
    idents = made(kind, 6)
    first = kind.page(2)
    assert [kind.ident(item) for item in first[kind.key]] == idents[:2]
    kind.delete(idents[0])  # listed already
    kind.delete(idents[3])  # not listed yet
    newer = kind.make(6)
    rest = [ident for page in walk(kind, 2, first["NextToken"]) for ident in page]
    gone = [] if kind.deleted_stay_listed else [idents[3]]
    assert rest == [i for i in idents[2:] if i not in gone] + [newer]


def test_a_next_token_not_made_by_the_service_is_refused(kind: Kind) -> None:
    made(kind, 1)
    with pytest.raises(ClientError) as caught:
        kind.page(1, "garbage!")
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == (kind.code, "Invalid NextToken")


def test_the_page_size_may_change_between_pages(kind: Kind) -> None:
    idents = made(kind, 5)
    first = kind.page(1)
    assert walk(kind, 3, first["NextToken"]) == [idents[1:4], idents[4:]]


@pytest.mark.parametrize(
    "operation, first, then, code",
    [
        ("list_endpoints", {}, {"Filter": {"Status": "IN_SERVICE"}}, "InvalidRequestException"),
        ("list_document_classifiers", {}, {"Filter": {"Status": "TRAINED"}}, "InvalidRequestException"),
        ("describe_ml_models", {}, {"SortOrder": "dsc"}, "InvalidInputException"),
        ("describe_ml_models", {"FilterVariable": "Name"}, {"FilterVariable": "Status"}, "InvalidInputException"),
    ],
)
def test_a_next_token_resumes_only_the_query_that_returned_it(rtml: Any, operation: str, first: Any, then: Any, code: str) -> None:
    """Our choice (AWS does not document it): a NextToken is tied to the operation, filter and order
    that returned it; another query refuses it as an invalid token."""
    model = rtml.add_document_classifier("base", LABELS)
    for i in range(2):
        rtml.add_endpoint(f"ep-{i}", model)
        rtml.add_document_classifier(f"c-{i}", LABELS)
        rtml.add_ml_model(f"m-{i}", labels=LABELS)
    service = "machinelearning" if operation.startswith("describe") else "comprehend"
    client = boto3.client(service, region_name=REGION)
    size = {"Limit": 1} if service == "machinelearning" else {"MaxResults": 1}
    token = getattr(client, operation)(**size, **first)["NextToken"]
    with pytest.raises(ClientError) as caught:
        getattr(client, operation)(**size, **then, NextToken=token)
    assert (caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]) == (code, "Invalid NextToken")


@pytest.mark.rtml(clock="manual")
def test_a_status_filter_follows_statuses_that_change_with_the_clock(rtml: Any) -> None:
    comprehend = boto3.client("comprehend", region_name=REGION)
    model = rtml.add_document_classifier("base", LABELS)
    with progression("comprehend::endpoint", progression="time", seconds=10):
        arns = []
        for i in range(3):
            arns.append(comprehend.create_endpoint(EndpointName=f"ep-{i}", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"])
            rtml.clock.advance(1)

        def listed(status: str) -> List[str]:
            pages = comprehend.get_paginator("list_endpoints").paginate(Filter={"Status": status}, PaginationConfig={"PageSize": 2})
            return [e["EndpointArn"] for page in pages for e in page["EndpointPropertiesList"]]

        assert (listed("CREATING"), listed("IN_SERVICE")) == (arns, [])
        rtml.clock.advance(7)  # the first is in service, the others not yet
        assert (listed("CREATING"), listed("IN_SERVICE")) == (arns[1:], arns[:1])
        rtml.clock.advance(2)
        assert (listed("CREATING"), listed("IN_SERVICE")) == ([], arns)


@pytest.mark.rtml(clock="manual")
def test_sorting_by_an_endpoint_status_that_changes_with_the_clock(rtml: Any) -> None:
    ml = boto3.client("machinelearning", region_name=REGION)
    for i in range(4):
        rtml.add_ml_model(f"m-{i}", labels=LABELS)
    with progression("machinelearning::realtime-endpoint", progression="time", seconds=5):
        for model in ("m-1", "m-3"):
            ml.create_realtime_endpoint(MLModelId=model)

        def ids(**query: Any) -> List[str]:
            pages = ml.get_paginator("describe_ml_models").paginate(
                FilterVariable="RealtimeEndpointStatus", **query, PaginationConfig={"PageSize": 1})
            return [m["MLModelId"] for page in pages for m in page["Results"]]

        assert ids() == ["m-0", "m-2", "m-1", "m-3"]  # NONE before UPDATING
        assert ids(EQ="READY") == []
        rtml.clock.advance(5)
        assert ids(EQ="READY") == ["m-1", "m-3"]
        assert ids(SortOrder="dsc") == ["m-3", "m-1", "m-2", "m-0"]  # READY after NONE


def test_newest_first_listing_pages_back_in_time(rtml: Any) -> None:
    """DocumentClassifierFilter docs: SubmitTimeAfter lists the newest first."""
    rtml.clock.freeze()
    start = rtml.clock.now()  # botocore sends whole seconds: the first classifier is not after ceil(start)
    arns = []
    for i in range(5):
        arns.append(rtml.add_document_classifier(f"c-{i}", LABELS))
        rtml.clock.advance(1)
    comprehend = boto3.client("comprehend", region_name=REGION)
    pages = comprehend.get_paginator("list_document_classifiers").paginate(
        Filter={"SubmitTimeAfter": math.ceil(start)}, PaginationConfig={"PageSize": 2})
    assert [c["DocumentClassifierArn"] for page in pages for c in page["DocumentClassifierPropertiesList"]] == arns[:0:-1]
