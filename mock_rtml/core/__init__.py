"""The service-independent machinery: interception, protocol, validation, state, clock."""
