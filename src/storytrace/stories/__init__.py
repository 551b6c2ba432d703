"""stories stage: articles into stories (representation, online clustering, merges)."""
