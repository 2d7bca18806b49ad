package dev.banata.vault.frameworks;

import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** A MyBatis mapper written with annotations, as for any table. */
public interface CustomerMapper {

  @Insert("INSERT INTO customers (name, email, ssn) VALUES (#{name}, #{email}, #{ssn})")
  @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
  int insert(Customer customer);

  @Select("SELECT id, name, email, ssn FROM customers WHERE id = #{id}")
  Customer findById(long id);

  @Select("SELECT id, name, email, ssn FROM customers WHERE email = #{email}")
  Customer findByEmail(String email);

  @Select("SELECT id, name, email, ssn FROM customers WHERE email LIKE #{pattern}")
  List<Customer> findByEmailLike(String pattern);

  @Update("UPDATE customers SET name = #{name}, email = #{email}, ssn = #{ssn} WHERE id = #{id}")
  int update(Customer customer);

  @Update("UPDATE customers SET ssn = #{ssn} WHERE email = #{email}")
  int updateSsnByEmail(@Param("email") String email, @Param("ssn") String ssn);

  @Delete("DELETE FROM customers WHERE id = #{id}")
  int delete(long id);
}
