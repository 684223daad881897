# public messages (ur). Machine-drafted translations are marked for review.
