//! The rules of a ceasefire mechanism.
