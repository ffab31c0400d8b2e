"""moto's Resource Groups Tagging API lists, tags and untags the resources mock_rtml simulates.

moto (since 5.2.2) gathers tagged resources from every backend that mixes in its public
`moto.core.resource_tagging.TaggableResourcesMixin` and sits in a `moto.core.base_backend.BackendDict`
holding the request's account. Per service we keep one such BackendDict of adapters that read the
active mock's own backends: nothing of moto is patched. A BackendDict takes part once it holds the
account, which moto's reset undoes, so `enlist(account)` runs before every Resource Groups Tagging
request and before every Comprehend request handed to moto. moto asks the backends in the order they
took part, so ours is asked before moto's own Comprehend backend, which claims every Comprehend ARN.
An older moto (the last for Python 3.9 is 5.1) has no such hook: there this module does nothing.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Protocol, Sequence, Tuple

from moto.core.base_backend import BackendDict, BaseBackend

from .errors import ServiceError
from .state import Store

try:
    from moto.core.resource_tagging import TaggableResourcesMixin, TaggedResource
except ImportError:  # moto before 5.2.2
    HOOKED = False
else:
    HOOKED = True


class Taggable(Protocol):
    """What a service backend offers the Resource Groups Tagging API."""

    account_id: str
    region: str

    def tagged_resources(self) -> Iterator[Tuple[str, str, Dict[str, str]]]:
        """(ARN, resource type as in the ARN, tags) of every live resource."""

    def retag(self, arn: str, add: Mapping[str, str], remove: Sequence[str]) -> None:
        """Add and remove tags of one resource by the service's own rules (ServiceError if refused)."""


_store_source: Callable[[], Optional[Store]] = lambda: None


def install(store_source: Callable[[], Optional[Store]]) -> None:
    """Read our backends from the store `store_source` returns (None while no mock is active)."""
    global _store_source
    _store_source = store_source


def enlist(account_id: str) -> None:
    """Make our adapters take part in moto's Resource Groups Tagging API for this account."""
    for backends in _BACKEND_DICTS:
        if account_id not in backends:
            backends[account_id]  # a BackendDict registers itself with moto when it makes an account's entry


def _ours(service: str, account_id: str, region: str) -> Optional[Taggable]:
    store = _store_source()
    if store is None:
        return None
    return next((b for b in store.backends(service) if (b.account_id, b.region) == (account_id, region)), None)


_BACKEND_DICTS: Tuple[BackendDict[Any], ...] = ()
if HOOKED:

    class _ComprehendTags(BaseBackend, TaggableResourcesMixin):
        """moto's view of our backend of SERVICE_NAMESPACE in its account and region."""

        SERVICE_NAMESPACE = "comprehend"

        def _backend(self) -> Optional[Taggable]:
            return _ours(self.SERVICE_NAMESPACE, self.account_id, self.region_name)

        def iter_tagged_resources(self) -> Iterator[TaggedResource]:
            ours = self._backend()
            for arn, kind, tags in ours.tagged_resources() if ours is not None else ():
                yield TaggedResource(arn=arn, tags=dict(tags), resource_type=f"{self.SERVICE_NAMESPACE}:{kind}")

        def owns_arn(self, arn: str) -> bool:
            ours = self._backend()
            return ours is not None and any(arn == found for found, _, _ in ours.tagged_resources())

        def tag_resource(self, arn: str, tags: Dict[str, str]) -> None:
            self._change(arn, tags, ())

        def untag_resource(self, arn: str, tag_keys: List[str]) -> None:
            self._change(arn, {}, tag_keys)

        def _change(self, arn: str, add: Mapping[str, str], remove: Sequence[str]) -> None:
            ours = self._backend()
            assert ours is not None  # moto asks only the backend that owns the ARN
            try:
                ours.retag(arn, add, remove)
            except ServiceError as refused:
                raise NotImplementedError(refused.message) from None  # moto reports the ARN as failed

    class _MachineLearningTags(_ComprehendTags):
        SERVICE_NAMESPACE = "machinelearning"

    _BACKEND_DICTS = (BackendDict(_ComprehendTags, "comprehend"), BackendDict(_MachineLearningTags, "machinelearning"))
