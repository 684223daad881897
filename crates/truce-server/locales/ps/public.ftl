# public messages (ps). Machine-drafted translations are marked for review.
