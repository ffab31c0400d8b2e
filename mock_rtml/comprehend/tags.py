"""Tags of Comprehend resources: TagResource, UntagResource, ListTagsForResource and their limits."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Iterator, List, Mapping, Sequence, Tuple

from ..core.errors import NotSimulated
from ..core.table import Table
from .base import MODEL_RESOURCES, BackendBase, not_found, resource_type
from .exceptions import (
    InvalidRequestException,
    TooManyTagKeysException,
    TooManyTagsException,
)

# The resource kinds (the ARN's resource type) that mock_rtml simulates, besides jobs (some of which are moto's).
OWNED_KINDS = ("document-classifier", "entity-recognizer", "document-classifier-endpoint", "entity-recognizer-endpoint")

# The quota "comprehend.tags_per_resource": "You can add up to 50 tags per resource" (developer guide,
# "Tagging your resources"; TagResource docs).
QUOTA = "comprehend.tags_per_resource"


def tag_dict(tags: Sequence[Mapping[str, str]], limit: int) -> Dict[str, str]:
    """Wire tags as a dict; refuses more than `limit` and the reserved `aws:` prefix."""
    result = {t["Key"]: t.get("Value", "") for t in tags}
    if len(result) > limit:
        raise TooManyTagsException(f"A resource can have at most {limit} tags; {len(result)} were given")
    _check_reserved(result)
    return result


def _check_reserved(keys: Iterable[str]) -> None:
    reserved = sorted(k for k in keys if k.lower().startswith("aws:"))
    if reserved:
        raise InvalidRequestException(f"Tag keys starting with 'aws:' are reserved for AWS use: {', '.join(reserved)}")


class TagsMixin(BackendBase):
    """The tag operations, on whichever resource the ARN names."""

    def _tagged(self, arn: str) -> Dict[str, str]:
        kind = resource_type(arn)
        if kind in self.jobs:  # our jobs, or moto's (built-in models, flywheels)
            job = self.job_at(arn)
            if job is None:
                raise NotSimulated(f"tags of Comprehend {kind} {arn}", otherwise=not_found())
            return job.tags
        if kind not in OWNED_KINDS:
            raise NotSimulated(f"tags of a Comprehend {kind}", otherwise=not_found())
        if kind in MODEL_RESOURCES:
            return self.model(arn).tags
        return self._endpoint(arn).tags

    def tag_resource(self, resource_arn: str, tags: Sequence[Mapping[str, str]]) -> Dict[str, Any]:
        limit = self.environment.quotas[QUOTA]
        current = self._tagged(resource_arn)
        merged = {**current, **tag_dict(tags, limit)}
        if len(merged) > limit:
            raise TooManyTagsException(f"A resource can have at most {limit} tags; this request would give it {len(merged)}")
        current.update(merged)
        return {}

    def untag_resource(self, resource_arn: str, tag_keys: Sequence[str]) -> Dict[str, Any]:
        limit = self.environment.quotas[QUOTA]
        if len(tag_keys) > limit:
            raise TooManyTagKeysException(f"At most {limit} tag keys can be removed at once")
        current = self._tagged(resource_arn)
        _check_reserved(tag_keys)
        for key in tag_keys:
            current.pop(key, None)
        return {}

    def list_tags_for_resource(self, resource_arn: str) -> Dict[str, Any]:
        tags = self._tagged(resource_arn)
        return {"ResourceArn": resource_arn, "Tags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}

    # -- for moto's Resource Groups Tagging API (core.resource_groups) ----------------------------
    def tagged_resources(self) -> Iterator[Tuple[str, str, Dict[str, str]]]:
        now = self.clock.now()
        tables: List[Table[Any]] = [self.classifiers, self.recognizers, self.endpoints, *self.jobs.values()]
        for table in tables:
            for resource in table.live(now):
                yield resource.arn, resource_type(resource.arn), resource.tags

    def retag(self, arn: str, add: Mapping[str, str], remove: Sequence[str]) -> None:
        if add:
            self.tag_resource(arn, [{"Key": k, "Value": v} for k, v in add.items()])
        if remove:
            self.untag_resource(arn, remove)
