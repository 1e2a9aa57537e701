//! End-to-end tests of the claimcheck binary.
