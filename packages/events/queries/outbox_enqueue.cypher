CREATE (o:OutboxEvent {
  id: $id,
  type: $type,
  subject: $subject,
  payload: $payload,
  requestId: $requestId,
  status: 'pending',
  createdAt: datetime()
})
