// One message per amendment, subscriber and channel: the publication's deliveries and those of a
// version taking effect the same day share a notice key (`<amendmentId>|<subscriberId>|<channel>`),
// unique, so whichever event is fanned out first delivers and the other makes none.

CREATE CONSTRAINT delivery_notice_key IF NOT EXISTS
FOR (d:Delivery) REQUIRE d.noticeKey IS UNIQUE;
