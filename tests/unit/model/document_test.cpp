#include <gtest/gtest.h>

#include "model/document.hpp"

using namespace renkei::model;

TEST(Document, BuildsTreesWithIndexesAndPaths) {
  Document d;
  Node* root = d.make_object("Patient");
  root->resource_type = "Patient";
  d.set_root(root);
  Node* n0 = d.make_object("name");
  n0->in_array = true;
  Node* n1 = d.make_object("name");
  n1->in_array = true;
  Document::append(root, n0);
  Document::append(root, d.make_primitive("active", "true", ValueKind::Boolean));
  Document::append(root, n1);
  Node* fam = d.make_primitive("family", "Sato", ValueKind::String);
  Document::append(n1, fam);
  EXPECT_EQ(n1->index, 1u);
  EXPECT_EQ(Document::path_of(fam), "Patient.name[1].family");
  EXPECT_EQ(root->child_count(), 3u);
  Document::remove(root, n0);
  EXPECT_EQ(n1->index, 0u);
  EXPECT_EQ(Document::path_of(fam), "Patient.name[0].family");
  Node* id = d.make_primitive("id", "p1", ValueKind::String);
  Document::insert_after(root, nullptr, id);
  EXPECT_EQ(root->first_child, id);
}

TEST(Arena, CopiesStringsAndGrows) {
  Arena a(64);
  std::string big(10000, 'x');
  auto s = a.copy(big);
  EXPECT_EQ(s, big);
  for (int i = 0; i < 1000; ++i) a.make<Node>();
  EXPECT_GE(a.bytes_reserved(), 1000 * sizeof(Node));
}
