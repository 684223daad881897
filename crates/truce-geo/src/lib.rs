//! Border-aware geography (placeholder until the geography issue lands).
