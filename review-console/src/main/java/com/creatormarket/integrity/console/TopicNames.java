package com.creatormarket.integrity.console;

import com.creatormarket.integrity.common.Topic;
import com.creatormarket.integrity.common.Topics;

/** Topic names in this environment: the catalogue's names behind an optional prefix ('-' for none). */
public record TopicNames(String prefix) {

  public String of(Topic<?> topic) {
    return prefix.equals("-") ? topic.name() : prefix + topic.name();
  }

  public Topic<?> topicOf(String name) {
    String base = prefix.equals("-") ? name : name.substring(prefix.length());
    return Topics.byName(base);
  }
}
