# desk messages (tr). Machine-drafted translations are marked for review.
