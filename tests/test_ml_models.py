"""Amazon ML models: CreateMLModel (BINARY, MULTICLASS, REGRESSION), Get (Verbose), Update, Delete."""
from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from ml_datasets import houses_csv, houses_schema, s3_source, spam_csv, spam_schema, topics_csv, topics_schema, upload


def _error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


@pytest.mark.parametrize(
    "model_type, csv_text, schema",
    [("BINARY", spam_csv(), spam_schema()), ("MULTICLASS", topics_csv(), topics_schema()),
     ("REGRESSION", houses_csv(), houses_schema())],
)
def test_each_model_type_trains_to_completed(ml_clients, model_type, csv_text, schema):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", csv_text, schema)
    ml.create_ml_model(MLModelId="m", MLModelName="my model", MLModelType=model_type, TrainingDataSourceId="ds")
    model = ml.get_ml_model(MLModelId="m")
    assert (model["Status"], model["MLModelType"], model["Name"]) == ("COMPLETED", model_type, "my model")
    assert model["TrainingDataSourceId"] == "ds"
    assert model["InputDataLocationS3"].endswith("/ds.csv")
    assert model["SizeInBytes"] > 0
    assert model["EndpointInfo"] == {"PeakRequestsPerSecond": 0, "EndpointStatus": "NONE"}
    assert model["TrainingParameters"]["sgd.maxPasses"] == "10"
    assert ("ScoreThreshold" in model) == (model_type == "BINARY")
    assert "Recipe" not in model and "Algorithm" not in model


def test_verbose_get_returns_recipe_and_schema(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    recipe = json.dumps({"groups": {}, "assignments": {}, "outputs": ["ALL_TEXT"]})
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds", Recipe=recipe)
    model = ml.get_ml_model(MLModelId="m", Verbose=True)
    assert (model["Recipe"], model["Schema"]) == (recipe, spam_schema())


def test_recipe_can_come_from_s3(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    uri = upload(s3, "recipes/r.json", json.dumps({"outputs": ["ALL_INPUTS"]}))
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds", RecipeUri=uri)
    assert json.loads(ml.get_ml_model(MLModelId="m", Verbose=True)["Recipe"]) == {"outputs": ["ALL_INPUTS"]}


def test_parameters_are_checked_and_echoed(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds",
                       Parameters={"sgd.maxPasses": "5", "sgd.l2RegularizationAmount": "1.0E-6"})
    parameters = ml.get_ml_model(MLModelId="m")["TrainingParameters"]
    assert parameters["sgd.maxPasses"] == "5" and parameters["sgd.l2RegularizationAmount"] == "1.0E-6"


@pytest.mark.parametrize(
    "parameters",
    [{"sgd.maxPasses": "0"}, {"sgd.maxPasses": "many"}, {"sgd.shuffleType": "sometimes"},
     {"sgd.l1RegularizationAmount": "-1"}, {"sgd.unknown": "1"},
     {"sgd.l1RegularizationAmount": "0.1", "sgd.l2RegularizationAmount": "0.1"}],
)
def test_bad_training_parameters_are_invalid_input(ml_clients, parameters):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    error = _error(ml.create_ml_model, MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds", Parameters=parameters)
    assert error["Code"] == "InvalidInputException"


@pytest.mark.parametrize("extra", [{"Recipe": "not json"}, {"Recipe": "{}", "RecipeUri": "s3://b/r.json"}])
def test_bad_recipe_is_invalid_input(ml_clients, extra):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    error = _error(ml.create_ml_model, MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds", **extra)
    assert error["Code"] == "InvalidInputException"


def test_unknown_or_deleted_training_data_source_is_invalid_input(ml_clients):
    """CreateMLModel models no ResourceNotFoundException, so a missing input is the caller's InvalidInput."""
    ml, s3 = ml_clients
    error = _error(ml.create_ml_model, MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="nope")
    assert error == {"Code": "InvalidInputException", "Message": "The DataSource nope does not exist"}
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    ml.delete_data_source(DataSourceId="ds")
    assert "is DELETED" in _error(ml.create_ml_model, MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds")["Message"]


@pytest.mark.parametrize(
    "model_type, schema, statistics, words",
    [
        ("BINARY", spam_schema(), False, "ComputeStatistics false"),
        ("MULTICLASS", spam_schema(), True, "MULTICLASS model needs a CATEGORICAL target"),
        ("REGRESSION", spam_schema(), True, "REGRESSION model needs a NUMERIC target"),
        ("BINARY", spam_schema(target=None), True, "no targetAttributeName"),
        ("BINARY", "{broken", True, "FAILED: The data schema is not valid JSON"),
    ],
)
def test_training_problems_end_failed_with_a_message(ml_clients, model_type, schema, statistics, words):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), schema, statistics=statistics)
    ml.create_ml_model(MLModelId="m", MLModelType=model_type, TrainingDataSourceId="ds")
    model = ml.get_ml_model(MLModelId="m")
    assert model["Status"] == "FAILED"
    assert words in model["Message"]
    assert "SizeInBytes" not in model and "ComputeTime" not in model


def test_a_single_class_cannot_train_a_classifier(ml_clients):
    ml, s3 = ml_clients
    one_class = "text,sender,is_spam,links\nfree prize,unknown,1,3\nbig win,unknown,1,4\n"
    s3_source(ml, s3, "ds", one_class, spam_schema())
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds")
    assert "only one value" in ml.get_ml_model(MLModelId="m")["Message"]


def test_waiter_fails_on_a_failed_model(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema(), statistics=False)
    ml.create_ml_model(MLModelId="m", MLModelType="BINARY", TrainingDataSourceId="ds")
    with pytest.raises(Exception, match="failure state"):
        ml.get_waiter("ml_model_available").wait(FilterVariable="TrainingDataSourceId", EQ="ds")


def test_same_create_is_idempotent_other_parameters_conflict(ml_clients):
    ml, s3 = ml_clients
    s3_source(ml, s3, "ds", spam_csv(), spam_schema())
    request = {"MLModelId": "m", "MLModelType": "BINARY", "TrainingDataSourceId": "ds"}
    assert ml.create_ml_model(**request)["MLModelId"] == "m"
    assert ml.create_ml_model(**request)["MLModelId"] == "m"
    error = _error(ml.create_ml_model, **{**request, "MLModelType": "MULTICLASS"})
    assert error["Code"] == "IdempotentParameterMismatchException"
    assert ml.get_ml_model(MLModelId="m")["MLModelType"] == "BINARY"


def test_update_score_threshold_and_name(rtml, ml_clients):
    ml, _ = ml_clients
    rtml.clock.freeze()
    rtml.add_ml_model("m", "BINARY", {"1": ["prize"]})
    rtml.clock.advance(60)
    ml.update_ml_model(MLModelId="m", MLModelName="renamed", ScoreThreshold=0.8)
    model = ml.get_ml_model(MLModelId="m")
    assert (model["Name"], model["ScoreThreshold"]) == ("renamed", pytest.approx(0.8))
    assert model["ScoreThresholdLastUpdatedAt"] == model["LastUpdatedAt"]
    assert (model["LastUpdatedAt"] - model["CreatedAt"]).total_seconds() == pytest.approx(60)


@pytest.mark.parametrize("model_type, threshold", [("MULTICLASS", 0.5), ("BINARY", 1.5), ("BINARY", -0.1)])
def test_score_threshold_only_for_binary_and_within_0_and_1(rtml, ml_clients, model_type, threshold):
    ml, _ = ml_clients
    rtml.add_ml_model("m", model_type, {"1": ["a"], "0": ["b"]})
    assert _error(ml.update_ml_model, MLModelId="m", ScoreThreshold=threshold)["Code"] == "InvalidInputException"


def test_delete_marks_deleted_and_it_stays_visible_to_get(rtml, ml_clients):
    """DeleteMLModel "assigns the DELETED status ... GetMLModel verifies that the status changed to DELETED"."""
    ml, _ = ml_clients
    rtml.add_ml_model("m", labels={"A": ["a"], "B": ["b"]}, endpoint=True)
    assert ml.delete_ml_model(MLModelId="m")["MLModelId"] == "m"
    model = ml.get_ml_model(MLModelId="m")
    assert (model["Status"], model["EndpointInfo"]["EndpointStatus"]) == ("DELETED", "NONE")
    for call in (ml.delete_ml_model, ml.update_ml_model, ml.create_realtime_endpoint):
        assert _error(call, MLModelId="m")["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize("operation", ["get_ml_model", "delete_ml_model", "update_ml_model"])
def test_unknown_model_is_not_found(ml_clients, operation):
    ml, _ = ml_clients
    assert _error(getattr(ml, operation), MLModelId="nope") == {
        "Code": "ResourceNotFoundException", "Message": "No MLModel with id nope exists"
    }
