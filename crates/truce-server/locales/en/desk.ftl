# desk messages (en). Machine-drafted translations are marked for review.
