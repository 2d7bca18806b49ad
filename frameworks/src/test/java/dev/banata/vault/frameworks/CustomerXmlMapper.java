package dev.banata.vault.frameworks;

import java.util.List;
import org.apache.ibatis.annotations.Param;

/** A MyBatis mapper whose SQL is in {@code CustomerXmlMapper.xml}, with dynamic SQL. */
public interface CustomerXmlMapper {

  int insert(Customer customer);

  int insertAll(@Param("customers") List<Customer> customers);

  List<Customer> find(@Param("id") Long id, @Param("email") String email);

  List<Customer> findByEmails(@Param("emails") List<String> emails);

  int updateSsn(@Param("email") String email, @Param("ssn") String ssn);

  int deleteByEmail(@Param("email") String email);
}
