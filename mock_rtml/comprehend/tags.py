"""Tags of Comprehend resources: TagResource, UntagResource, ListTagsForResource and their limits."""
from __future__ import annotations

from typing import Any, Dict, Iterable, Mapping, Sequence

from .exceptions import InvalidRequestException, TooManyTagKeysException, TooManyTagsException

# "You can add up to 50 tags per resource" (developer guide, "Tagging your resources"; TagResource docs).
MAX_TAGS = 50


def tag_dict(tags: Sequence[Mapping[str, str]]) -> Dict[str, str]:
    """Wire tags as a dict; refuses more than MAX_TAGS and the reserved `aws:` prefix."""
    result = {t["Key"]: t.get("Value", "") for t in tags}
    if len(result) > MAX_TAGS:
        raise TooManyTagsException(f"A resource can have at most {MAX_TAGS} tags; {len(result)} were given")
    _check_reserved(result)
    return result


def _check_reserved(keys: Iterable[str]) -> None:
    reserved = sorted(k for k in keys if k.lower().startswith("aws:"))
    if reserved:
        raise InvalidRequestException(f"Tag keys starting with 'aws:' are reserved for AWS use: {', '.join(reserved)}")


class TagsMixin:
    """The tag operations; the backend says where a resource's tags live."""

    def _tagged(self, arn: str) -> Dict[str, str]:
        raise NotImplementedError

    def tag_resource(self, resource_arn: str, tags: Sequence[Mapping[str, str]]) -> Dict[str, Any]:
        current = self._tagged(resource_arn)
        merged = {**current, **tag_dict(tags)}
        if len(merged) > MAX_TAGS:
            raise TooManyTagsException(f"A resource can have at most {MAX_TAGS} tags; this request would give it {len(merged)}")
        current.update(merged)
        return {}

    def untag_resource(self, resource_arn: str, tag_keys: Sequence[str]) -> Dict[str, Any]:
        if len(tag_keys) > MAX_TAGS:
            raise TooManyTagKeysException(f"At most {MAX_TAGS} tag keys can be removed at once")
        current = self._tagged(resource_arn)
        _check_reserved(tag_keys)
        for key in tag_keys:
            current.pop(key, None)
        return {}

    def list_tags_for_resource(self, resource_arn: str) -> Dict[str, Any]:
        tags = self._tagged(resource_arn)
        return {"ResourceArn": resource_arn, "Tags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}
