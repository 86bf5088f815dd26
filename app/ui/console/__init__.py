"""The facilitator's console: the god view and every facilitator command, in its own window."""
