# public messages (ar). Machine-drafted translations are marked for review.
