"""stories stage: articles into stories (representation, online clustering, merges).

* :mod:`.encoders`, :mod:`.features`: what an article is compared by (sentence vector of
  title and lead; tf-idf terms learnt online);
* :mod:`.cluster`: the online, time-windowed clusterer (in memory);
* :mod:`.tables`, :mod:`.store`: its state in the store (migration 0002) and
  :class:`~storytrace.stories.store.StoryIndex`, which the pipeline calls once per new
  article; a new process resumes from the store;
* :mod:`.views`: story records (headline, versions, why each joined);
* :mod:`.recluster`: a time range re-clustered as a batch, with a report of what moved.
"""
