"""The only door into botocore's service models: one cached ServiceModel per service."""
from __future__ import annotations

from functools import lru_cache

from botocore.model import OperationModel, ServiceModel, Shape

__all__ = ["OperationModel", "ServiceModel", "Shape", "SERVICES", "operation_model", "service_model"]

# Our service folder names (botocore's names) mapped from the JSON 1.1 target prefix.
SERVICES = ("comprehend", "machinelearning")


@lru_cache(maxsize=None)
def service_model(service: str) -> ServiceModel:
    # Imported here: importing botocore.session registers the interceptor (botocore_hook), which needs
    # this module's importers to be complete.
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


@lru_cache(maxsize=None)
def operation_model(service: str, operation: str) -> OperationModel:
    return service_model(service).operation_model(operation)


@lru_cache(maxsize=None)
def error_shape(service: str, code: str) -> Shape | None:
    try:
        return service_model(service).shape_for(code)
    except Exception:  # botocore raises NoShapeFoundError for unknown names
        return None
