/**
 * For collections whose records (people, money, events) are made only by their own flows.
 * Payload's duplicate runs the create operation with the original as `originalDoc`, which
 * hooks read as "unchanged" and skip checks for (a journal copied onto a batch its new author
 * was not on, round 14), so such records are never copied. Bookings stay copyable (the desk
 * copies one for another trekker): their create checks do not trust originalDoc, and the
 * trekker's own document boxes reset on the copy (startUnsigned, a beforeDuplicate hook).
 */
export const NOT_COPIED = { disableDuplicate: true } as const
