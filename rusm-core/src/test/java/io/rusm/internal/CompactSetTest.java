package io.rusm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompactSetTest {

  @Test
  void oneElementIsStoredAsItselfAndTwoAsATable() {
    Object a = new Object();
    Object b = new Object();
    Object set = CompactSet.add(null, a);
    assertThat(set).isSameAs(a);
    assertThat(CompactSet.add(set, a)).isSameAs(a);
    assertThat(CompactSet.remove(set, b)).isSameAs(a);
    assertThat(CompactSet.contains(set, b)).isFalse();
    assertThat(CompactSet.contains(null, a)).isFalse();
    set = CompactSet.add(set, b);
    assertThat(set).isInstanceOf(CompactSet.Table.class);
    assertThat(CompactSet.size(set)).isEqualTo(2);
    assertThat(CompactSet.add(set, b)).isSameAs(set);
    assertThat(CompactSet.size(set)).isEqualTo(2);
    assertThat(CompactSet.remove(set, a)).isSameAs(b);
    assertThat(CompactSet.remove(b, b)).isNull();
    assertThat(CompactSet.size(null)).isZero();
  }

  @Test
  void takeRemovesAndTellsWhetherTheElementWasThere() {
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    assertThat(CompactSet.take(null, a)).isSameAs(CompactSet.ABSENT);
    assertThat(CompactSet.take(a, b)).isSameAs(CompactSet.ABSENT);
    assertThat(CompactSet.take(a, a)).isNull();
    Object set = CompactSet.add(CompactSet.add(a, b), c);
    assertThat(CompactSet.take(set, new Object())).isSameAs(CompactSet.ABSENT);
    assertThat(CompactSet.size(set)).isEqualTo(3);
    set = CompactSet.take(set, b);
    assertThat(CompactSet.size(set)).isEqualTo(2);
    assertThat(CompactSet.take(set, b)).isSameAs(CompactSet.ABSENT);
    assertThat(CompactSet.take(set, a)).as("down to one: the element itself").isSameAs(c);
  }

  @Test
  void aSetIsWalkedAsItsOneElementOrAsSlotsHoldingEveryElement() {
    Object a = new Object();
    Object b = new Object();
    assertThat(CompactSet.single(null)).isNull();
    assertThat(CompactSet.slots(null)).isEmpty();
    assertThat(CompactSet.single(a)).isSameAs(a);
    assertThat(CompactSet.slots(a)).containsExactly(a);
    Object set = CompactSet.add(a, b);
    assertThat(CompactSet.single(set)).isNull();
    assertThat(CompactSet.slots(set)).filteredOn(e -> e != null).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void aLargeSetAddsFindsAndRemovesEveryElementAndShrinksBack() {
    List<Object> all = new ArrayList<>();
    Object set = null;
    for (int i = 0; i < 100_000; i++) {
      Object e = new Object();
      all.add(e);
      set = CompactSet.add(set, e);
    }
    assertThat(CompactSet.size(set)).isEqualTo(100_000);
    assertThat(((CompactSet.Table) set).elements.length).isEqualTo(1 << 17);
    assertThat(((CompactSet.Table) set).index.length).isEqualTo(1 << 18);
    Set<Object> seen = new HashSet<>();
    CompactSet.forEach(set, seen::add);
    assertThat(seen).hasSize(100_000);
    for (int i = 0; i < all.size(); i += 2) {
      assertThat(CompactSet.contains(set, all.get(i))).isTrue();
      set = CompactSet.remove(set, all.get(i));
    }
    assertThat(CompactSet.remove(set, new Object())).isSameAs(set);
    for (int i = 1; i < all.size(); i += 2) {
      assertThat(CompactSet.contains(set, all.get(i))).isTrue();
      assertThat(CompactSet.contains(set, all.get(i - 1))).isFalse();
    }
    for (int i = 1; i < all.size() - 2; i += 2) {
      set = CompactSet.remove(set, all.get(i));
    }
    assertThat(CompactSet.size(set)).isEqualTo(1);
    assertThat(set).isSameAs(all.get(all.size() - 1));
    List<Object> one = new ArrayList<>();
    CompactSet.forEach(set, one::add);
    CompactSet.forEach(null, one::add);
    assertThat(one).containsExactly(all.get(all.size() - 1));
  }

  @Test
  void aTableShrinksAsItEmpties() {
    Object set = null;
    List<Object> all = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      Object e = new Object();
      all.add(e);
      set = CompactSet.add(set, e);
    }
    assertThat(((CompactSet.Table) set).elements.length).isEqualTo(64);
    for (int i = 0; i < 60; i++) {
      set = CompactSet.remove(set, all.get(i));
    }
    assertThat(((CompactSet.Table) set).elements.length).isEqualTo(32);
    for (int i = 60; i < 64; i++) {
      assertThat(CompactSet.contains(set, all.get(i))).isTrue();
    }
    set = CompactSet.remove(set, all.get(60));
    assertThat(((CompactSet.Table) set).elements.length).isEqualTo(16);
    assertThat(((CompactSet.Table) set).index).isNotNull();
    set = CompactSet.remove(set, all.get(61));
    assertThat(CompactSet.contains(set, all.get(62))).isTrue();
    assertThat(CompactSet.contains(set, all.get(61))).isFalse();
  }

  @Test
  void eightElementsAreFoundByAScanAndTheNinthBuildsAnIndex() {
    List<Object> all = new ArrayList<>();
    Object set = null;
    for (int i = 0; i < 8; i++) {
      all.add(new Object());
      set = CompactSet.add(set, all.get(i));
    }
    assertThat(((CompactSet.Table) set).index).isNull();
    set = CompactSet.remove(set, all.get(3));
    assertThat(CompactSet.contains(set, all.get(3))).isFalse();
    assertThat(CompactSet.contains(set, all.get(7))).isTrue();
    set = CompactSet.add(set, all.get(3));
    all.add(new Object());
    set = CompactSet.add(set, all.get(8));
    assertThat(((CompactSet.Table) set).index).hasSize(32);
    for (Object e : all) {
      assertThat(CompactSet.contains(set, e)).isTrue();
    }
    assertThat(CompactSet.contains(set, new Object())).isFalse();
  }

  @Test
  void aTableIsWalkedInTheOrderItsElementsWereAddedThroughRemovalsAndCompactions() {
    List<Object> all = new ArrayList<>();
    Object set = null;
    for (int i = 0; i < 1_000; i++) {
      Object e = new Object();
      all.add(e);
      set = CompactSet.add(set, e);
    }
    List<Object> expected = new ArrayList<>(all);
    // Remove two of every three, then add as many again: the holes fill the array, which compacts.
    for (int i = 0; i < all.size(); i++) {
      if (i % 3 != 0) {
        set = CompactSet.remove(set, all.get(i));
        expected.remove(all.get(i));
      }
    }
    for (int i = 0; i < 700; i++) {
      Object e = new Object();
      expected.add(e);
      set = CompactSet.add(set, e);
    }
    List<Object> walked = new ArrayList<>();
    CompactSet.forEach(set, walked::add);
    assertThat(walked).containsExactlyElementsOf(expected);
    assertThat(CompactSet.slots(set)).filteredOn(e -> e != null).containsExactlyElementsOf(expected);
    for (Object e : expected) {
      assertThat(CompactSet.contains(set, e)).isTrue();
    }
    assertThat(CompactSet.size(set)).isEqualTo(expected.size());
  }

  @Test
  void aSetWhoseMembersComeAndGoCompactsInPlace() {
    List<Object> live = new ArrayList<>();
    Object set = null;
    for (int i = 0; i < 100; i++) {
      live.add(new Object());
      set = CompactSet.add(set, live.get(i));
    }
    CompactSet.Table t = (CompactSet.Table) set;
    // A steady hundred members, the oldest leaving as each new one comes: once the array has grown to
    // twice the members, it fills with holes again and again and is compacted where it is.
    Object[] elements = null;
    int[] index = null;
    for (int i = 0; i < 10_000; i++) {
      if (i == 1_000) {
        elements = t.elements;
        index = t.index;
      }
      set = CompactSet.remove(set, live.remove(0));
      live.add(new Object());
      set = CompactSet.add(set, live.get(live.size() - 1));
      assertThat(set).isSameAs(t);
    }
    assertThat(elements).hasSize(256);
    assertThat(t.elements).isSameAs(elements);
    assertThat(t.index).isSameAs(index);
    List<Object> walked = new ArrayList<>();
    CompactSet.forEach(set, walked::add);
    assertThat(walked).containsExactlyElementsOf(live);
    for (Object e : live) {
      assertThat(CompactSet.contains(set, e)).isTrue();
    }
  }

  @Test
  void removingTheNewestElementsLetsTheTableAppendWhereTheyWere() {
    Object a = new Object();
    Object b = new Object();
    Object c = new Object();
    Object d = new Object();
    Object set = CompactSet.add(CompactSet.add(CompactSet.add(a, b), c), d);
    CompactSet.Table t = (CompactSet.Table) set;
    assertThat(t.count).isEqualTo(4);
    set = CompactSet.remove(set, c);
    assertThat(t.count).as("a hole before the last element stays").isEqualTo(4);
    set = CompactSet.remove(set, d);
    assertThat(t.count).as("holes at the end are given back").isEqualTo(2);
    Object e = new Object();
    set = CompactSet.add(set, e);
    assertThat(set).isSameAs(t);
    assertThat(t.elements.length).isEqualTo(4);
    assertThat(CompactSet.slots(set)).containsExactly(a, b, e, null);
  }
}
